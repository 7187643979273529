"""The database connection dies in the middle of a request: the user gets a clean Chinese page
(or, on a form, the message and their input), and the next request works."""

from __future__ import annotations

import contextlib
import re

import psycopg
import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import make_url

from panel.admin.outage import is_connection_lost
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.admin.forms import form_with
from tests.fixtures.clients import login

LOST = "数据库连接中断，请重试"


@contextlib.contextmanager
def connection_killed_on(app, statement_start: str):
    """Terminate the request's own server connection when it next runs a matching statement."""
    with app.app_context():
        engine = db.engine
        url = make_url(engine.url).set(drivername="postgresql")
    armed = []

    def kill(conn, _cursor, statement, _params, _context, _many):
        if armed and statement.lstrip().upper().startswith(statement_start):
            armed.clear()
            pid = conn.connection.driver_connection.info.backend_pid
            with psycopg.connect(url.render_as_string(hide_password=False)) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

    event.listen(engine, "before_cursor_execute", kill)
    try:
        yield armed.append
    finally:
        event.remove(engine, "before_cursor_execute", kill)


@pytest.mark.postgres_only
@pytest.mark.committing
def test_a_list_whose_connection_dies_gets_a_clean_page_and_the_next_request_works(live_app):
    client = live_app.test_client()
    assert login(client, "clerk").status_code == 302
    with connection_killed_on(live_app, "SELECT COMPLAINT.ID") as arm:
        arm(True)
        broken = client.get("/admin/complaint/")
    assert broken.status_code == 503
    assert LOST in broken.text
    assert "Traceback" not in broken.text and "psycopg" not in broken.text
    again = client.get("/admin/complaint/")
    assert again.status_code == 200 and "断线测试" in again.text


@pytest.mark.postgres_only
@pytest.mark.committing
def test_a_save_whose_connection_dies_keeps_the_input_and_can_be_repeated(live_app):
    client = live_app.test_client()
    assert login(client, "clerk").status_code == 302
    with live_app.app_context():
        complaint_id = db.session.scalar(select(Complaint.id))
    url = f"/admin/complaint/edit/?id={complaint_id}"
    form = form_with(client.get(url).text, "_row_version")
    form["complainant_address"] = "成都市锦江区断线路 3 号"
    with connection_killed_on(live_app, "UPDATE COMPLAINT") as arm:
        arm(True)
        broken = client.post(url, data=form)
    assert broken.status_code == 200
    assert LOST in broken.text
    assert "成都市锦江区断线路 3 号" in broken.text  # the input is still in the form
    with live_app.app_context():
        assert db.session.get(Complaint, complaint_id).complainant_address is None
    retry = form_with(broken.text, "_row_version")
    assert client.post(url, data=retry).status_code == 302
    with live_app.app_context():
        assert (
            db.session.get(Complaint, complaint_id).complainant_address == "成都市锦江区断线路 3 号"
        )


def test_a_bad_statement_is_not_mistaken_for_a_lost_connection(app):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError) as caught:
        db.session.execute(text("SELECT no_such_column FROM complaint"))
    db.session.rollback()
    assert not is_connection_lost(caught.value)


def test_the_lost_connection_page_is_in_chinese(app, login_as):
    client = login_as(Role.CLERK)
    with app.test_request_context():
        from flask import render_template

        from panel.admin.outage import connection_lost_message

        html = render_template("fastlist/connection_lost.html", message=connection_lost_message())
    assert LOST in html and "返回" in html
    assert re.search(r"<html lang=\"zh-CN\">", html)
    assert client.get("/admin/").status_code == 200
