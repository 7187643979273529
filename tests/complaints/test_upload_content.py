"""Evidence files are opened with real parsers before they are kept: a photo with a page or a
PDF inside, a "PDF" that is a header on photo bytes, a damaged photo are refused; bytes after
the end of a photo are cut off; the size message tells the file's size and the limit apart; an
upload past what the panel accepts at all gets the Chinese 413 page."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from panel.complaints.evidence import Attachment
from panel.complaints.filecheck import jpeg_end
from panel.core.extensions import db
from panel.organisation.models.setting import Setting
from panel.organisation.models.user import Role
from tests.complaints.test_attachments import pdf, png, upload
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import ours, storage  # noqa: F401  (fixtures)

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def jpeg(width: int = 64, height: int = 48) -> bytes:
    """A real JPEG photo (a gradient)."""
    image = Image.new("RGB", (width, height))
    image.putdata([(x * 4 % 256, y * 5 % 256, 128) for y in range(height) for x in range(width)])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def with_comment(photo: bytes, comment: bytes) -> bytes:
    """The photo with a COM segment right after its start-of-image marker."""
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return photo[:2] + segment + photo[2:]


def upload_big(client, complaint, name: str, data: bytes):
    """Like ``upload``, with the body encoded here: the test client would spool a large one
    to a temporary file of its own and leave it open."""
    page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    boundary, body = encode_multipart(
        {"csrf_token": csrf_token(page), "file": FileStorage(io.BytesIO(data), name)}
    )
    return client.post(
        f"/admin/complaint/attachments/{complaint.id}",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def attachments() -> list[Attachment]:
    return db.session.scalars(select(Attachment).order_by(Attachment.id)).all()


def message_after(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.location).text


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("现场.jpg", jpeg() + HTML, "夹带了其他文件或脚本"),
        ("现场.jpg", with_comment(jpeg(), HTML), "夹带了其他文件或脚本"),
        ("现场.jpg", jpeg() + pdf(), "夹带了其他文件或脚本"),
        ("现场.jpg", with_comment(jpeg(), pdf()), "夹带了其他文件或脚本"),
        ("工单.pdf", b"%PDF-1.4\n" + jpeg(), "无法作为PDF 文档打开"),
        ("工单.pdf", pdf() + HTML, "夹带了其他文件或脚本"),
        (
            "工单.pdf",
            pdf().replace(
                b"/Type /Catalog",
                b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
            ),
            "含有脚本",
        ),
        ("现场.jpg", jpeg()[: len(jpeg()) // 2], "无法作为JPEG 照片打开"),
        ("现场.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 300, "无法作为JPEG 照片打开"),
        ("现场.png", png()[:-20], "无法作为PNG 图片打开"),
        (
            "现场.heic",
            b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + jpeg(),
            "无法作为HEIC 照片打开",
        ),
    ],
    ids=[
        "jpeg+html",
        "jpeg-comment-html",
        "jpeg+pdf",
        "jpeg-comment-pdf",
        "pdf-header-on-jpeg",
        "pdf+html",
        "pdf-javascript",
        "jpeg-truncated",
        "jpeg-header-only",
        "png-truncated",
        "heic-header-on-jpeg",
    ],
)
def test_files_that_only_look_right_are_refused(login_as, ours, storage, name, data, message):  # noqa: F811
    client = login_as(Role.CLERK)
    page = message_after(client, upload(client, ours, name, data))
    assert message in page
    assert attachments() == []


def test_bytes_after_the_end_of_a_photo_are_cut_off(login_as, ours, storage):  # noqa: F811
    client = login_as(Role.CLERK)
    photo = jpeg()
    motion_photo = photo + b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8
    page = message_after(client, upload(client, ours, "动态照片.jpg", motion_photo))
    assert "已添加" in page or "动态照片.jpg" in page
    (kept,) = attachments()
    assert kept.size == len(photo) and kept.sha256 == hashlib.sha256(photo).hexdigest()
    served = client.get(f"/admin/complaint/attachment/{kept.id}")
    assert served.data == photo
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.size == (64, 48)


def test_a_png_with_trailing_data_is_kept_without_it(login_as, ours, storage):  # noqa: F811
    client = login_as(Role.CLERK)
    image = png(3, 3)
    message_after(client, upload(client, ours, "截图.png", image + b"trailing bytes"))
    (kept,) = attachments()
    assert kept.size == len(image)


def test_real_photos_and_scans_are_kept_whole(login_as, ours, storage):  # noqa: F811
    client = login_as(Role.CLERK)
    for name, data in (("现场.jpg", jpeg()), ("现场.png", png()), ("工单.pdf", pdf())):
        message_after(client, upload(client, ours, name, data))
    assert [a.size for a in attachments()] == [len(jpeg()), len(png()), len(pdf())]


def test_the_end_of_a_jpeg_is_found_through_its_scan_data():
    photo = jpeg(200, 150)
    assert jpeg_end(photo + b"\xff\xd9garbage") == len(photo)


def test_the_size_message_tells_the_size_and_the_limit_apart(login_as, ours, storage):  # noqa: F811
    photo = jpeg(200, 150)
    assert len(photo) > 2048
    db.session.add(Setting(key="attachments.max_bytes", value=str(len(photo) - 1)))
    db.session.commit()
    client = login_as(Role.CLERK)
    page = message_after(client, upload(client, ours, "现场.jpg", photo))
    # One byte over the limit: the two sizes must not read the same.
    assert f"{len(photo):,} 字节" in page and f"{len(photo) - 1:,} 字节" in page
    assert "超过了每个文件" in page
    assert attachments() == []


def test_the_size_message_tells_the_whole_size_of_a_large_file(login_as, ours, storage):  # noqa: F811
    db.session.add(Setting(key="attachments.max_bytes", value=str(1024 * 1024)))
    db.session.commit()
    client = login_as(Role.CLERK)
    big = jpeg() + b"\x00" * (3 * 1024 * 1024)
    page = message_after(client, upload_big(client, ours, "大图.jpg", big))
    assert "3 MB" in page and "1 MB" in page
    assert attachments() == []


def test_an_upload_past_what_the_panel_takes_gets_the_chinese_413_page(login_as, ours, storage):  # noqa: F811
    client = login_as(Role.CLERK)
    huge = b"\xff\xd8\xff\xe0" + b"\x00" * (50 * 1024 * 1024)
    response = upload_big(client, ours, "超大.jpg", huge)
    assert response.status_code == 413
    page = response.text
    assert '<html lang="zh-CN">' in page and "上传内容过大" in page
    assert "50 MB" in page and "16 MB" in page  # what was sent, and the most the panel takes
    assert "Request Entity Too Large" not in page
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
