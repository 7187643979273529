"""What the renderer loads, how user text comes out, and every Chinese character drawn."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from panel.complaints.enums import Status
from panel.core.extensions import db
from panel.notices.fetcher import AssetFetcher, RefusedURL
from panel.notices.fonts import FAMILY, FONT_FILE
from panel.notices.kinds import NoticeKind
from panel.notices.render import html_to_pdf
from panel.notices.rules import issue_notice, verified_pdf
from panel.organisation.models.user import Role
from tests.fixtures.people import user_of
from tests.notices.conftest import pdf_text, walk_to

REFUSED = [
    "file:///etc/passwd",
    "http://example.com/logo.png",
    "https://example.com/style.css",
    "data:image/png;base64,iVBORw0KGgo=",
    "notice-asset:static/../fetcher.py",
    "notice-asset:seal/../../secret_key",
    "notice-asset:other/x.png",
    "ftp://example.com/x",
]


def font_names(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.mark.parametrize("url", REFUSED)
def test_fetcher_refuses_everything_but_the_notice_assets(url):
    fetcher = AssetFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_the_projects_own_static_files():
    response = AssetFetcher().fetch("notice-asset:static/notices/batch.js")
    assert b"fetch(" in response.read()


def test_renderer_loads_nothing_from_outside(app):
    html = "".join(
        [
            "<html><body><p>外部资源</p>",
            '<img src="file:///etc/hostname">',
            '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
            '<div style="background: url(https://example.com/bg.png)">x</div>',
            '<img src="relative.png">',
            "</body></html>",
        ]
    )
    rendered = html_to_pdf(html)
    assert "外部资源" in pdf_text(rendered.pdf)
    assert set(rendered.refused_urls) >= {
        "file:///etc/hostname",
        "http://127.0.0.1:9/x.css",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        "https://example.com/bg.png",
    }
    assert b"/Image" not in rendered.pdf


def test_user_text_is_escaped(company, make_complaint):
    complaint = make_complaint(
        complainant_name="<b>x</b>",
        content='<img src="file:///etc/passwd"> & <script>alert(1)</script>',
    )
    notice = issue_notice(db.session, NoticeKind.REGISTRATION, complaint, user_of(Role.CLERK))
    text = pdf_text(verified_pdf(db.session, notice))
    assert "<b>x</b>" in text
    assert '<imgsrc="file:///etc/passwd">&<script>alert(1)</script>' in text


def test_rare_name_characters_are_drawn_and_extractable(company, make_complaint):
    complaint = make_complaint(
        complainant_name="刘䶮",
        content="陪同乘客吉𠮷、王喆、李燊、张犇到店，另有𪚥字样的签名无法辨认",
    )
    notice = issue_notice(db.session, NoticeKind.REGISTRATION, complaint, user_of(Role.CLERK))
    data = verified_pdf(db.session, notice)
    text = pdf_text(data)
    for character in "䶮𠮷喆燊犇𪚥":
        assert character in text, character
    assert notice.missing_characters == []
    fonts = font_names(data)
    assert any("Notice-Serif-SC" in name for name in fonts), fonts  # GB 2312: 刘, 吉, 王 …
    assert any("Noto-Serif-CJK-SC" in name for name in fonts), fonts  # 䶮, 𠮷, 喆, 燊
    assert any("HanaMin" in name for name in fonts), fonts  # 𪚥 (Ext-B) is not in Noto


def test_one_page_notice_embeds_the_notice_font_only_and_stays_small(company, make_complaint):
    complaint = walk_to(make_complaint(complainant_name="王建国"), Status.APPROVED)
    notice = issue_notice(db.session, NoticeKind.CUSTOMER_RESULT, complaint, user_of(Role.CLERK))
    data = verified_pdf(db.session, notice)
    assert notice.pages == 1
    assert [name.split("+")[-1] for name in font_names(data)] == ["Notice-Serif-SC"]
    assert notice.size <= 150 * 1024


def test_the_notice_font_is_noto_serif_cut_to_gb2312():
    from fontTools.ttLib import TTFont

    with TTFont(FONT_FILE, lazy=True) as font:
        assert font["name"].getDebugName(1) == FAMILY
        cmap = font.getBestCmap()
    assert len(cmap) >= 7000
    for character in "投诉处理结果告知书，。（）￥¥0123456789ABCxyz①№":
        assert ord(character) in cmap, character
    for rare in "䶮𠮷":
        assert ord(rare) not in cmap  # these come from the full Noto font


def test_a_character_no_font_has_is_reported(app):
    rendered = html_to_pdf("<html><body><p>古埃及文\U00013000字符</p></body></html>")
    assert rendered.missing_characters == ["\U00013000"]
