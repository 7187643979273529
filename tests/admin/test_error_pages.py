"""Error answers are pages of the panel in Chinese — never Werkzeug's English pages, never a
traceback or a database message — and crafted values (forged choices, filter values, ids,
NUL bytes) are a 400 with a Chinese message, not a server error."""

from __future__ import annotations

import pytest
from flask_admin.contrib.sqla.filters import FilterEqual, FilterInList, IntEqualFilter
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from panel.complaints.enums import Status
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import advance

ENGLISH = ("Bad Request", "Not Found", "Forbidden", "Method Not Allowed", "Internal Server Error")
HEADINGS = {
    400: "请求无效",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持此操作方式",
    413: "上传内容过大",
    500: "系统出错",
    503: "服务暂时不可用",
}


def assert_chinese_page(response, status: int) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == status, page[:500]
    assert response.mimetype == "text/html"
    assert '<html lang="zh-CN">' in page
    assert HEADINGS[status] in page
    for english in ENGLISH:
        assert english not in page
    for leak in ("Traceback", "SELECT", "INSERT", "UPDATE", "psycopg", "sqlite3", "[parameters"):
        assert leak not in page
    return page


# --- the pages themselves ---------------------------------------------------------------------


def test_an_unknown_page_is_a_chinese_404(login_as):
    client = login_as(Role.CLERK)
    page = assert_chinese_page(client.get("/admin/no-such-page/"), 404)
    assert "/admin/" in page  # a way back into the panel


def test_a_refused_page_is_a_chinese_403(login_as):
    client = login_as(Role.CLERK)
    assert_chinese_page(client.get("/admin/user/"), 403)


def test_a_wrong_method_is_a_chinese_405(login_as):
    client = login_as(Role.CLERK)
    assert_chinese_page(client.get("/admin/complaint/step/1"), 405)


def test_a_request_too_large_is_a_chinese_413_with_the_limit(app, login_as):
    client = login_as(Role.CLERK)
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/admin/complaint/new/", data=body, content_type="application/x-www-form-urlencoded"
    )
    page = assert_chinese_page(response, 413)
    assert "16 MB" in page


def _answer(app, failure: Exception):
    """The panel's answer to ``failure`` raised while serving a page (as in production, where
    an unexpected error is not propagated but answered with the 500 page)."""
    propagate = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        with app.test_request_context("/admin/complaint/"):
            if isinstance(failure, HTTPException):
                response = app.make_response(app.handle_user_exception(failure))
            else:
                response = app.handle_exception(failure)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = propagate
    return response


def test_a_server_error_is_a_chinese_500_without_internals(app):
    failure = RuntimeError("secret internals: SELECT * FROM user_account")
    page = assert_chinese_page(_answer(app, failure), 500)
    assert "secret internals" not in page


def test_an_unavailable_service_is_a_chinese_503(app):
    assert_chinese_page(_answer(app, ServiceUnavailable()), 503)


def test_error_pages_are_chinese_for_anonymous_visitors_too(client):
    assert_chinese_page(client.get("/no-such-page"), 404)


def test_error_pages_follow_the_chosen_language(login_as):
    client = login_as(Role.CLERK)
    client.get("/lang/en")
    response = client.get("/admin/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text


# --- crafted values on the process steps ------------------------------------------------------


@pytest.fixture
def investigating(make_complaint):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    db.session.commit()
    return complaint


@pytest.mark.parametrize(
    "form",
    [
        {"op": "move", "target": "bogus"},
        {"op": "propose", "kind": "bogus", "amount": "100", "description": "伪造"},
        {"op": "fault", "fault": "bogus", "evidence": "伪造"},
        {"op": "no-such-step"},
    ],
    ids=["target", "kind", "fault", "op"],
)
def test_a_forged_choice_on_a_step_is_a_chinese_400(login_as, investigating, form):
    client = login_as(Role.DEPT_MANAGER)
    page = client.get(f"/admin/complaint/details/?id={investigating.id}").text
    response = client.post(
        f"/admin/complaint/step/{investigating.id}", data={"csrf_token": csrf_token(page), **form}
    )
    assert_chinese_page(response, 400)
    db.session.expire_all()
    assert investigating.status is Status.INVESTIGATING
    assert investigating.remedies == []


# --- crafted values in lists, ids and the login -----------------------------------------------


def _filter_index(app, column: str, kind: type) -> int:
    """The position of the complaint list's filter of ``kind`` on ``column`` (``flt0_<n>``)."""
    (view,) = [v for v in app.extensions["admin"][0]._views if v.endpoint == "complaint"]
    for index, flt in enumerate(view._filters):
        if type(flt) is kind and getattr(getattr(flt, "column", None), "key", None) == column:
            return index
    raise AssertionError(f"no {kind.__name__} on {column}")


def test_a_forged_filter_value_is_a_chinese_400(app, login_as):
    client = login_as(Role.CLERK)
    status = _filter_index(app, "status", FilterEqual)
    response = client.get(f"/admin/complaint/?flt0_{status}=bogus")
    page = assert_chinese_page(response, 400)
    assert "状态" in page and "bogus" in page  # says which filter and which value


def test_a_forged_value_in_a_list_of_choices_is_a_chinese_400(app, login_as):
    client = login_as(Role.CLERK)
    status = _filter_index(app, "status", FilterInList)
    response = client.get(f"/admin/complaint/?flt0_{status}=registered,bogus")
    assert_chinese_page(response, 400)


def test_a_20_digit_department_filter_is_a_chinese_400(app, login_as):
    client = login_as(Role.CLERK)
    department = _filter_index(app, "complained_department_id", IntEqualFilter)
    response = client.get(f"/admin/complaint/?flt0_{department}=99999999999999999999")
    page = assert_chinese_page(response, 400)
    assert "被投诉部门" in page


def test_valid_filters_still_work(app, login_as, make_complaint):
    make_complaint(complainant_name="筛选对象")
    db.session.commit()
    client = login_as(Role.CLERK)
    status = _filter_index(app, "status", FilterEqual)
    response = client.get(f"/admin/complaint/?flt0_{status}=registered")
    assert response.status_code == 200 and "筛选对象" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/complaint/details/?id=99999999999999999999",
        "/admin/complaint/edit/?id=99999999999999999999",
        "/admin/department/details/?id=99999999999999999999",
        "/admin/complaint/details/?id=abc",
        "/admin/complaint/?search=%00",
        "/admin/complaint/?search=abc%00def",
        "/admin/department/?search=%00",
        "/admin/complaint/?page=-1",
        "/admin/complaint/?page=99999999999999999999",
    ],
)
def test_crafted_ids_and_search_terms_are_a_chinese_400(login_as, url):
    client = login_as(Role.CLERK)
    assert_chinese_page(client.get(url), 400)


def test_a_nul_byte_in_the_login_name_is_a_chinese_400(client):
    page = client.get("/login").text
    response = client.post(
        "/login",
        data={"username": "clerk\x00' OR 1=1", "password": "x", "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 400
    assert "登录名" in response.text and "不允许" in response.text
    for leak in ("SELECT", "psycopg", "Traceback", "\x00"):
        assert leak not in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/complaint/attachment/99999999999999999999",
        "/admin/complaint/step/99999999999999999999",
        "/admin/approval/99999999999999999999",
    ],
)
def test_a_20_digit_id_in_a_path_is_no_page(login_as, url):
    client = login_as(Role.DEPT_MANAGER)
    method = client.post if "/step/" in url else client.get
    assert_chinese_page(method(url), 404)
