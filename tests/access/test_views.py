"""Every view needs a login; each role sees what it may and gets 403 elsewhere."""

import pytest

from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token

ALL = set(Role)
MANAGERS = {Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER}
REGISTER = {Role.CLERK, Role.ADVISOR} | MANAGERS

# list URL -> roles that may open it
VIEWS = {
    "/admin/": ALL,
    "/admin/complaint/": ALL,
    "/admin/department/": ALL,
    "/admin/staff/": ALL,
    "/admin/penalty/": MANAGERS | {Role.AUDITOR},
    "/admin/appeal/": {Role.CLERK, Role.ADVISOR, Role.AUDITOR} | MANAGERS,
    "/admin/commendation/": {Role.CLERK, Role.AUDITOR} | MANAGERS,
    "/admin/recovery/": MANAGERS | {Role.AUDITOR},
    "/admin/responsibility/": {Role.CLERK, Role.ADVISOR, Role.AUDITOR} | MANAGERS,
    "/admin/staff-ledger/": MANAGERS | {Role.AUDITOR},
    "/admin/penalty-summary/": {Role.SERVICE_MANAGER, Role.GENERAL_MANAGER, Role.AUDITOR},
    "/admin/offence/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/user/": {Role.ADMIN},
    "/admin/remedy/": ALL,
    "/admin/authority/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/sla/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/setting/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/audit/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/approval/": MANAGERS,
    "/admin/ledger/": ALL - {Role.ADMIN},
    "/admin/notices/": MANAGERS | {Role.CLERK},
    "/admin/notice/": MANAGERS | {Role.CLERK, Role.AUDITOR},
    "/admin/notice-settings/": {Role.ADMIN},
    "/admin/reports/": MANAGERS | {Role.AUDITOR},
    "/admin/intake/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/work_day/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/work_calendar/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/work_hours/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/intake-upload/": MANAGERS | {Role.CLERK},
    "/admin/intake_source/": {Role.ADMIN},
    "/admin/api_token/": {Role.ADMIN},
    "/admin/intake-history/": REGISTER,
    "/admin/inbox/": ALL,
    "/admin/notification_route/": MANAGERS | {Role.AUDITOR, Role.ADMIN},
    "/admin/notification_delivery/": {Role.ADMIN},
    "/admin/notification_address/": {Role.ADMIN},
}
# create URL -> roles that may create
CREATE = {
    "/admin/complaint/new/": REGISTER,
    "/admin/intake/new/": MANAGERS | {Role.ADMIN},
    "/admin/department/new/": {Role.ADMIN},
    "/admin/staff/new/": {Role.ADMIN},
    "/admin/penalty/new/": {Role.DEPT_MANAGER, Role.SERVICE_MANAGER},
    "/admin/appeal/new/": {Role.CLERK, Role.ADVISOR} | MANAGERS,
    "/admin/commendation/new/": {Role.CLERK} | MANAGERS,
    "/admin/recovery/new/": MANAGERS,
    "/admin/responsibility/new/": {Role.ADVISOR} | MANAGERS,
    "/admin/offence/new/": {Role.ADMIN},
    "/admin/user/new/": {Role.ADMIN},
    "/admin/remedy/new/": {Role.ADVISOR} | MANAGERS,
    "/admin/authority/new/": {Role.ADMIN},
    "/admin/sla/new/": {Role.ADMIN},
    "/admin/work_day/new/": {Role.ADMIN},
    "/admin/work_calendar/new/": {Role.ADMIN},
    "/admin/work_hours/new/": {Role.ADMIN},
    "/admin/intake_source/new/": {Role.ADMIN},
    "/admin/api_token/new/": {Role.ADMIN},
    "/admin/notification_route/new/": {Role.ADMIN},
    "/admin/notification_address/new/": {Role.ADMIN},
}


def admin_urls(app):
    """Every GET route of the admin site without URL parameters."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/admin/")
        and "GET" in rule.methods
        and not rule.arguments
        and not rule.rule.startswith("/admin/static")
    )


def test_every_admin_url_requires_login(app, client):
    urls = admin_urls(app)
    assert len(urls) >= 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith("/login"), url


def test_every_view_is_listed_here(app):
    listed = {url for url in admin_urls(app) if url.endswith("/") and url.count("/") == 3}
    assert listed == set(VIEWS) - {"/admin/"}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_views_open_for_allowed_roles_and_403_for_others(login_as, role):
    client = login_as(role)
    for url, roles in VIEWS.items():
        expected = 200 if role in roles else 403
        assert client.get(url).status_code == expected, (role, url)
    for url, roles in CREATE.items():
        expected = 200 if role in roles else 403
        assert client.get(url).status_code == expected, (role, url)


def test_crafted_post_without_permission_is_refused(login_as, make_complaint):
    complaint = make_complaint()
    client = login_as(Role.AUDITOR)
    page = client.get("/admin/complaint/")
    token = csrf_token(page.text)
    response = client.post(
        f"/admin/complaint/edit/?id={complaint.id}",
        data={"csrf_token": token, "complainant_name": "改名"},
    )
    assert response.status_code == 403
    assert complaint.complainant_name == "张三"


def test_login_and_logout(client, login_as):
    client = login_as(Role.CLERK)
    home = client.get("/admin/")
    assert "退出登录" in home.text
    response = client.post("/logout", data={"csrf_token": csrf_token(home.text)})
    assert response.status_code == 302
    assert client.get("/admin/complaint/").status_code == 302


def test_wrong_password_is_refused(client):
    from tests.fixtures.clients import login

    response = login(client, "clerk", "wrong-password1")
    assert response.status_code == 401
    assert "登录名或密码错误" in response.text
    assert client.get("/admin/").status_code == 302


def test_disabled_account_cannot_log_in(client):
    from panel.core.extensions import db
    from tests.fixtures.clients import login
    from tests.fixtures.people import user_of

    user_of(Role.ADVISOR).active = False
    db.session.flush()
    response = login(client, "advisor")
    assert "已停用" in response.text
    assert client.get("/admin/").status_code == 302


def test_next_parameter_never_leaves_the_site(client):
    page = client.get("/login?next=https://evil.example/")
    response = client.post(
        "/login?next=https://evil.example/",
        data={"username": "clerk", "password": "Demo1234", "csrf_token": csrf_token(page.text)},
    )
    assert response.location == "/admin/"
