"""Login throttling and lockout: per login name and per address, kept in the database."""

import json
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from panel.core import clock
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.security.models import LoginAttempt, LoginOutcome
from tests.fixtures.clients import csrf_token, login
from tests.fixtures.people import user_of

START = datetime(2026, 11, 23, 9, 0)


def entries(action: str, username: str) -> list[AuditEntry]:
    rows = db.session.scalars(select(AuditEntry).filter_by(action=action).order_by(AuditEntry.id))
    return [row for row in rows if row.changes.get("username", [None, None])[1] == username]


def fail(client, username: str = "clerk", times: int = 1, ip: str = "10.0.0.1"):
    response = None
    for _ in range(times):
        response = login_from(client, username, "wrong-password9", ip)
    return response


def logout(client):
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/admin/").text)})


def login_from(client, username, password, ip="10.0.0.1"):
    client.environ_base["REMOTE_ADDR"] = ip
    return login(client, username, password)


def test_five_failures_lock_the_login_name_for_fifteen_minutes(client):
    with clock.travel_to(START):
        fail(client, times=4)
        assert login_from(client, "clerk", "Demo1234").status_code == 302  # resets the count
        logout(client)
    with clock.travel_to(START + timedelta(minutes=1)):
        response = fail(client, times=5)
    assert response.status_code == 401
    assert "登录失败次数过多" in response.text
    assert "09:16" in response.text  # when to retry, in China time
    with clock.travel_to(START + timedelta(minutes=10)):
        response = login_from(client, "clerk", "Demo1234")  # the right password is refused too
    assert response.status_code == 401
    assert "09:16" in response.text
    assert client.get("/admin/").status_code == 302
    with clock.travel_to(START + timedelta(minutes=17)):
        assert login_from(client, "clerk", "Demo1234").status_code == 302


def test_failures_and_the_lock_are_audited(client):
    with clock.travel_to(START):
        fail(client, "advisor", times=5, ip="10.0.0.7")
        login_from(client, "advisor", "Demo1234", ip="10.0.0.7")
    failed = entries("login_failed", "advisor")
    assert [e.changes["reason"][1] for e in failed] == ["wrong password"] * 5 + ["locked (user)"]
    assert failed[0].table_name == "user_account"
    assert failed[0].row_id == str(user_of(Role.ADVISOR).id)
    assert failed[0].changes["ip"][1] == "10.0.0.7"
    (locked,) = entries("locked", "advisor")
    assert locked.changes["until"][1] == "2026-11-23 09:15:00"
    assert all("wrong-password9" not in str(e.changes) for e in [*failed, locked])


def test_unknown_login_names_are_counted_too(client):
    with clock.travel_to(START):
        response = fail(client, "nobody", times=5)
    assert "登录失败次数过多" in response.text
    assert entries("login_failed", "nobody")[0].row_id == ""


def test_failures_spread_over_more_than_the_window_do_not_lock(client):
    for minute in (0, 4, 8, 12, 16):
        with clock.travel_to(START + timedelta(minutes=minute)):
            fail(client, "deptmgr")
    with clock.travel_to(START + timedelta(minutes=17)):
        assert login_from(client, "deptmgr", "Demo1234").status_code in (302, 401)
        outcome = db.session.scalars(
            select(LoginAttempt.outcome).filter_by(username="deptmgr").order_by(LoginAttempt.id)
        ).all()
    assert LoginOutcome.BLOCKED not in outcome


def test_one_address_trying_many_names_is_locked(client):
    with clock.travel_to(START):
        for n in range(20):
            response = fail(client, f"guess{n}", ip="10.9.9.9")
        assert "登录失败次数过多" in response.text
        refused = login_from(client, "clerk", "Demo1234", ip="10.9.9.9")
        assert refused.status_code == 401
        assert login_from(client, "clerk", "Demo1234", ip="10.9.9.10").status_code == 302
        logout(client)
    (locked,) = [e for e in entries("locked", "guess19")]
    assert locked.changes["scope"][1] == "address"


def test_the_limits_are_settings(client):
    from panel.organisation.models.setting import Setting

    db.session.add(Setting(key="security.login_max_failures", value="2"))
    db.session.flush()
    with clock.travel_to(START):
        response = fail(client, "auditor", times=2)
    assert "登录失败次数过多" in response.text


def test_every_attempt_is_kept_with_its_outcome(client):
    with clock.travel_to(START):
        fail(client, "admin", times=1)
        assert login_from(client, "admin", "Demo1234").status_code == 302
    rows = db.session.scalars(
        select(LoginAttempt).filter_by(username="admin").order_by(LoginAttempt.id)
    ).all()
    assert [(r.outcome, r.ip) for r in rows] == [
        (LoginOutcome.FAILED, "10.0.0.1"),
        (LoginOutcome.OK, "10.0.0.1"),
    ]


def test_a_disabled_account_is_refused_and_audited(client):
    user_of(Role.AUDITOR).active = False
    db.session.flush()
    response = login_from(client, "auditor", "Demo1234")
    assert "已停用" in response.text
    assert entries("login_failed", "auditor")[-1].changes["reason"][1] == "account disabled"


def test_old_attempts_can_be_pruned(app, client):
    with clock.travel_to(START - timedelta(days=100)):
        fail(client, "clerk", times=2)
    with clock.travel_to(START):
        fail(client, "clerk")
        result = app.test_cli_runner().invoke(args=["prune-login-attempts", "--days", "90"])
    assert result.exit_code == 0 and result.output.startswith("2 login attempts")
    left = db.session.scalars(select(LoginAttempt.at).filter_by(username="clerk")).all()
    assert left == [START]


def test_the_audit_trail_names_security_events_in_chinese(client):
    with clock.travel_to(START):
        fail(client, "advisor", times=5, ip="10.0.0.8")
        login_from(client, "auditor", "Demo1234")
    page = client.get("/admin/audit/").text
    assert "登录失败" in page and "账号锁定" in page
    assert ">login_failed<" not in page.replace(" ", "").replace("\n", "")
    # the action filter offers the same names (in the page's filter data, JSON-escaped), and
    # filtering by one keeps only those entries
    assert json.dumps("越权访问被拒绝")[1:-1] in page or "越权访问被拒绝" in page
    view = next(v for v in current_app.extensions["admin"][0]._views if v.endpoint == "audit")
    index, flt = next(
        (i, f) for i, f in enumerate(view._filters) if getattr(f.column, "key", "") == "action"
    )
    locked = client.get(f"/admin/audit/?flt0_{view.get_filter_arg(index, flt)}=locked").text
    assert "账号锁定" in locked and "登录失败" not in locked.split("<table", 1)[1]
