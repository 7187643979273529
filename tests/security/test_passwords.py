"""Password rules: length, letters and digits, not common, not the login name — on the admin
form and the command line alike."""

import pytest
from sqlalchemy import func, select

from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role, User
from panel.security.passwords import check_password_rules
from tests.fixtures.clients import csrf_token


@pytest.mark.parametrize(
    "password, username, message",
    [
        ("short1", None, "至少 8 位"),
        ("onlyletters", None, "字母和数字"),
        ("12345678", None, "字母和数字"),
        ("Password1", None, "最常见"),
        ("QWERTY123", None, "最常见"),
        ("wangfang2026", "wangfang", "登录名"),
        ("x1" * 65, None, "最多 128"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(app, password, username, message):
    with app.test_request_context(), pytest.raises(RuleError, match=message):
        check_password_rules(password, username)


@pytest.mark.parametrize("password", ["Demo1234", "川A-蓉城2026", "correct horse 9 battery"])
def test_reasonable_passwords_pass(app, password):
    with app.test_request_context():
        check_password_rules(password, "wangfang")


def test_the_admin_form_refuses_a_weak_password_and_saves_nothing(login_as):
    client = login_as(Role.ADMIN)
    page = client.get("/admin/user/new/")
    before = db.session.scalar(select(func.count()).select_from(User))
    response = client.post(
        "/admin/user/new/",
        data={
            "csrf_token": csrf_token(page.text),
            "username": "zhaolei",
            "role": "clerk",
            "active": "y",
            "new_password": "zhaolei123",
        },
    )
    assert "密码不能包含登录名" in response.text
    assert db.session.scalar(select(func.count()).select_from(User)) == before


def test_the_command_line_refuses_a_common_password(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "zhaolei", "--role", "clerk", "--password", "abc12345"]
    )
    assert result.exit_code != 0
    assert "最常见" in result.output


def test_the_admin_form_creates_an_account_that_can_log_in(login_as, client):
    from tests.fixtures.clients import login

    admin = login_as(Role.ADMIN)
    page = admin.get("/admin/user/new/")
    assert 'name="new_password"' in page.text and 'type="password"' in page.text
    response = admin.post(
        "/admin/user/new/",
        data={
            "csrf_token": csrf_token(page.text),
            "username": "zhaolei",
            "role": "clerk",
            "active": "y",
            "new_password": "Lm3-蓉城-88",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).filter_by(username="zhaolei"))
    assert user.password_hash != "Lm3-蓉城-88" and user.check_password("Lm3-蓉城-88")
    admin.post("/logout", data={"csrf_token": csrf_token(admin.get("/admin/").text)})
    assert login(client, "zhaolei", "Lm3-蓉城-88").status_code == 302
