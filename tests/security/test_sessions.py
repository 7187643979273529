"""Logging out, a new password, deactivation and a role change end every session of the user:
a copied session cookie or "remember me" cookie replayed afterwards opens nothing."""

from __future__ import annotations

import pytest

from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.admin.forms import form_with
from tests.fixtures.clients import PanelClient, csrf_token, login
from tests.fixtures.people import user_of

HOME = "/admin/complaint/"


@pytest.fixture
def browser(app):
    """A new browser (its own cookies) for the panel."""
    app.test_client_class = PanelClient
    return app.test_client


def logged_in(browser, username: str, remember: bool = True):
    client = browser()
    page = client.get("/login").text
    data = {"username": username, "password": "Demo1234", "csrf_token": csrf_token(page)}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 302
    assert client.get(HOME).status_code == 200
    return client


def copied_cookies(client) -> dict[str, str]:
    cookies = {}
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            cookies[name] = cookie.value
    return cookies


def replay(browser, cookies: dict[str, str], only: str | None = None):
    """A fresh browser sending the copied cookies (or only one of them) to a panel page."""
    client = browser()
    for name, value in cookies.items():
        if only in (None, name):
            client.set_cookie(name, value)
    return client.get(HOME)


def assert_logged_out(response) -> None:
    assert response.status_code == 302
    assert "/login" in response.location


def log_out(client) -> None:
    token = csrf_token(client.get("/admin/").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_cookies_copied_before_logout_open_nothing_after_it(browser):
    client = logged_in(browser, "clerk")
    cookies = copied_cookies(client)
    assert {"session", "remember_token"} <= set(cookies)
    assert replay(browser, cookies).status_code == 200  # the copy works while logged in
    log_out(client)
    assert_logged_out(replay(browser, cookies))
    assert_logged_out(replay(browser, cookies, only="session"))
    assert_logged_out(replay(browser, cookies, only="remember_token"))


def test_logging_out_ends_the_other_browsers_sessions_too(browser):
    office, phone = logged_in(browser, "advisor"), logged_in(browser, "advisor")
    log_out(office)
    assert_logged_out(phone.get(HOME))


def test_a_password_reset_by_the_administrator_ends_the_users_sessions(browser):
    victim = logged_in(browser, "deptmgr")
    cookies = copied_cookies(victim)
    admin = logged_in(browser, "admin", remember=False)
    user = user_of(Role.DEPT_MANAGER)
    url = f"/admin/user/edit/?id={user.id}"
    form = form_with(admin.get(url).text, "new_password")
    form["new_password"] = "Fresh2026pass"
    assert admin.post(url, data=form).status_code == 302

    assert_logged_out(victim.get(HOME))
    assert_logged_out(replay(browser, cookies, only="remember_token"))
    assert admin.get(HOME).status_code == 200  # the administrator's own session goes on
    fresh = browser()
    assert login(fresh, "deptmgr", "Fresh2026pass").status_code == 302
    assert fresh.get(HOME).status_code == 200


def test_an_administrators_edit_that_changes_nothing_of_the_account_keeps_sessions(browser):
    user = logged_in(browser, "auditor")
    admin = logged_in(browser, "admin", remember=False)
    url = f"/admin/user/edit/?id={user_of(Role.AUDITOR).id}"
    form = form_with(admin.get(url).text, "new_password")
    assert admin.post(url, data=form).status_code == 302
    assert user.get(HOME).status_code == 200


@pytest.mark.parametrize("change", ["deactivate", "role", "password"])
def test_account_changes_on_any_path_end_the_sessions(browser, change):
    client = logged_in(browser, "clerk")
    cookies = copied_cookies(client)
    user = user_of(Role.CLERK)
    if change == "deactivate":
        user.active = False
    elif change == "role":
        user.role = Role.ADVISOR
    else:
        user.set_password("Another2026x")
    db.session.commit()  # as a command-line script would
    assert_logged_out(client.get(HOME))
    assert_logged_out(replay(browser, cookies, only="remember_token"))


def test_a_cookie_naming_a_bare_user_id_opens_nothing(browser):
    client = logged_in(browser, "clerk", remember=False)
    with client.session_transaction() as session:
        session["_user_id"] = str(user_of(Role.CLERK).id)  # the id alone, as before
    assert_logged_out(client.get(HOME))
