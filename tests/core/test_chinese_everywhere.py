"""Every page, for every role, reads Chinese: no text of Flask-Admin, Werkzeug, WTForms or the
panel's own English sources shows untranslated, no internal name (a column such as
``complainant_phone``, a table such as ``user_account``, a setting key such as
``classification.major_amount``) stands in for its Chinese label, and no filter offers its
options as stored codes (``dispatched``, ``clerk``).

The walk reuses the authorization test's table of every URL per role
(``tests/security/test_access_walk.py``): each page a role may open is read in Chinese. The
error pages (403, 404, 413, 500) are Chinese too, and English stays one click away.
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from flask_admin.helpers import prettify_class_name

from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.organisation.settings import DEFAULTS, LABELS
from tests.core.english import english_on, raw_codes_in_filters, raw_names_on
from tests.fixtures.clients import login
from tests.fixtures.people import user_of
from tests.security.test_access_walk import expectations
from tests.security.walk import build_world, requests, rolled_back

# Not pages: files, look-ups, exports.
NOT_PAGES = ("export", "ajax_lookup", "pdf", "download", "attachment_view", "static")


def internal_names() -> set[str]:
    """Column keys and table names with an underscore, and every setting key."""
    names = set(DEFAULTS)
    for table in db.metadata.tables.values():
        if "_" in table.name:
            names.add(table.name)
        names |= {column.key for column in table.columns if "_" in column.key}
    return names


def untitled_views(app) -> list[str]:
    """What Flask-Admin calls a view it was given no name for ("Notice Batch View")."""
    return [prettify_class_name(type(view).__name__) for view in app.extensions["admin"][0]._views]


def problems(html: str, names: set[str], titles: list[str]) -> list[str]:
    untitled = [title for title in titles if title in html]
    return english_on(html) + raw_names_on(html, names) + raw_codes_in_filters(html) + untitled


def pages_of(table, walk, who: str) -> list[str]:
    return [
        request.url
        for request in walk
        if request.method == "GET"
        and table[(request.endpoint, "GET")][who] == "200"
        and not any(part in request.endpoint for part in NOT_PAGES)
    ]


@pytest.fixture
def walk(app, make_complaint, tmp_path):
    world = build_world(make_complaint, tmp_path / "attachments")
    return requests(app, world)


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_every_page_reads_chinese_for_every_role(app, client, walk, role):
    table, names, titles = expectations(), internal_names(), untitled_views(app)
    found = []
    with rolled_back():
        assert login(client, user_of(role).username).status_code == 302
        for url in pages_of(table, walk, role.value):
            response = client.get(url)
            if response.mimetype == "text/html":
                wrong = problems(response.get_data(as_text=True), names, titles)
                if wrong:
                    found.append(f"{url}: {wrong}")
    assert not found, "\n".join(found)


def server_error_page(app, client):
    """The panel's answer to an unexpected error while serving a page (as in production)."""
    propagate = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        with app.test_request_context("/admin/complaint/"):
            return app.make_response(app.handle_exception(RuntimeError("boom")))
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = propagate


def test_the_error_pages_are_chinese(app, login_as):
    client = login_as(Role.CLERK)
    too_large = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    answers = {
        403: client.get("/admin/user/"),
        404: client.get("/admin/no-such-page/"),
        413: client.post(
            "/admin/complaint/new/",
            data=too_large,
            content_type="application/x-www-form-urlencoded",
        ),
        500: server_error_page(app, client),
    }
    for status, response in answers.items():
        page = response.get_data(as_text=True)
        assert response.status_code == status
        assert '<html lang="zh-CN">' in page, status
        assert english_on(page) == [], (status, english_on(page))


def test_every_setting_has_a_chinese_label():
    """Each key a feature declares is named on the settings page (LABELS or register_labels)."""
    assert sorted(set(DEFAULTS) - set(LABELS)) == []


def test_settings_show_labels_and_what_they_mean(login_as):
    page = login_as(Role.ADMIN).get("/admin/setting/").text
    assert "重大投诉：索赔金额起点（元）" in page and "索赔金额达到此数即为重大投诉" in page
    assert 'data-key="classification.major_amount"' in page  # the key stays out of sight
    assert "经营类型" in page and "受理时间最早可早于登记（天）" in page


def test_the_list_menus_are_chinese(login_as):
    page = login_as(Role.CLERK).get("/admin/complaint/").text
    assert "每页 20 条" in page and "20 条/页" in page and "20 items" not in page
    data = re.search(r'id="filter-groups-data"[^>]*>(.*?)</div>', page, re.S).group(1)
    filters = set(json.loads(unescape(data)))
    assert filters == {
        "状态",
        "投诉来源",
        "投诉类别",
        "严重程度",
        "受理时间",
        "被投诉部门",
        "责任部门",
        "工作队列",
    }


def test_a_look_up_says_please_choose(login_as):
    page = login_as(Role.CLERK).get("/admin/complaint/new/").text
    assert 'data-placeholder="请选择"' in page and "请选择模型" not in page


def test_the_audit_trail_names_tables_and_fields_in_chinese(login_as, make_complaint):
    make_complaint(complainant_phone="13912345678")
    db.session.commit()
    page = login_as(Role.SERVICE_MANAGER).get("/admin/audit/").text
    assert "投诉人电话" in page and "处理时间线" in page
    assert raw_names_on(page, internal_names()) == []


def test_english_is_still_one_click_away(login_as):
    client = login_as(Role.CLERK)
    client.get("/lang/en")
    page = client.get("/admin/complaint/new/").text
    assert "Customer" in page and "By the criteria" in page and "Complainant" in page
