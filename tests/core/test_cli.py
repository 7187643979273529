"""Command-line tools."""

from panel.core.extensions import db
from panel.organisation.models.user import Role, User


def test_create_user(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "wangfang", "--role", "advisor", "--password", "Secret123"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).filter_by(username="wangfang"))
    assert user.role is Role.ADVISOR
    assert user.check_password("Secret123")
    assert user.password_hash != "Secret123"


def test_create_user_refuses_weak_password_and_duplicates(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "lisi", "--role", "clerk", "--password", "short"])
    assert result.exit_code != 0
    assert "密码至少 8 位" in result.output
    result = runner.invoke(
        args=["create-user", "clerk", "--role", "clerk", "--password", "Secret123"]
    )
    assert result.exit_code != 0
    assert "已存在" in result.output
