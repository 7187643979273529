"""Simplified Chinese by default, English on request, every message translated."""

import subprocess
import sys
from pathlib import Path

from flask_babel import force_locale, gettext

from panel.organisation.models.user import Role

ROOT = Path(__file__).resolve().parents[2]


def test_login_page_is_chinese_by_default(client):
    page = client.get("/login")
    assert "投诉处理管理平台" in page.text
    assert "登录名" in page.text
    assert 'lang="zh-CN"' in page.text


def test_panel_switches_to_english_and_back(login_as):
    client = login_as(Role.CLERK)
    assert "投诉编号" in client.get("/admin/complaint/").text
    client.get("/lang/en")
    page = client.get("/admin/complaint/").text
    assert "Complaint number" in page
    assert "投诉编号" not in page
    client.get("/lang/zh_Hans_CN")
    assert "投诉编号" in client.get("/admin/complaint/").text


def test_a_text_in_another_language_inside_a_request_leaves_the_page_chinese(app):
    # The request's translations are looked up once (panel.core.translations.RequestDomain);
    # a text for someone else in English must neither stay Chinese nor turn the page English.
    with app.test_request_context("/"):
        assert gettext("Waiting on the customer") == "等待客户"
        with force_locale("en"):
            assert gettext("Waiting on the customer") == "Waiting on the customer"
        assert gettext("Waiting on the customer") == "等待客户"


def test_flask_admin_chrome_is_chinese(login_as):
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/").text
    assert "创建" in page  # Flask-Admin's own "Create", from its zh_Hans_CN catalogue


def test_enum_values_show_as_chinese_labels(login_as, make_complaint):
    make_complaint()
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/").text
    assert "电话热线" in page
    assert "维修质量" in page


def test_every_message_has_a_chinese_translation():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
