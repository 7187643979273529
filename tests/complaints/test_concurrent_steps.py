"""Two users taking a step on the same complaint at the same moment: both proposals are saved
(the later one is simply taken again on the fresh row), and nobody gets a server error."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from panel.complaints import operations as process
from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.organisation.models.user import User
from panel.remedies.models import Remedy
from tests.fixtures.clients import csrf_token, login


def _investigating(app) -> int:
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User))}
        complaint = db.session.scalar(select(Complaint))
        after_sales = db.session.scalar(select(Department).filter_by(code="SH"))
        with acting_as(users["clerk"]):
            complaint.complained_department = after_sales
            db.session.flush()
        process.dispatch(db.session, complaint, users["clerk"], after_sales)
        process.start_investigation(db.session, complaint, users["deptmgr"], users["advisor"])
        db.session.commit()
        return complaint.id


class Pause:
    """Hold the request of one thread right after its flush, while it holds its row locks."""

    def __init__(self, thread_name: str) -> None:
        self.thread_name = thread_name
        self.reached, self.release = threading.Event(), threading.Event()

    def __call__(self, _session, _context) -> None:
        if threading.current_thread().name == self.thread_name and not self.reached.is_set():
            self.reached.set()
            assert self.release.wait(20)


def _waiting_on_a_lock(app) -> bool:
    with app.app_context(), db.engine.connect() as connection:
        query = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        return connection.scalar(query) > 0


@pytest.mark.postgres_only
@pytest.mark.committing
def test_two_proposals_at_the_same_moment_are_both_saved(live_app):
    live_app.config["PROPAGATE_EXCEPTIONS"] = False  # a failure is a 500 page, as in production
    complaint_id = _investigating(live_app)
    clients = [live_app.test_client(), live_app.test_client()]
    forms = []
    for number, client in enumerate(clients):
        assert login(client, "advisor").status_code == 302
        page = client.get(f"/admin/complaint/details/?id={complaint_id}").text
        forms.append(
            {
                "csrf_token": csrf_token(page),
                "op": "propose",
                "kind": "compensation",
                "amount": str(1200 + number),
                "description": f"并发方案{number}",
            }
        )
    answers: dict[str, int] = {}

    def propose(number: int) -> None:
        url = f"/admin/complaint/step/{complaint_id}"
        answers[threading.current_thread().name] = (
            clients[number].post(url, data=forms[number]).status_code
        )

    pause = Pause("first")
    event.listen(Session, "after_flush_postexec", pause)
    try:
        first = threading.Thread(target=propose, args=(0,), name="first")
        second = threading.Thread(target=propose, args=(1,), name="second")
        first.start()
        assert pause.reached.wait(20)
        second.start()
        deadline = time.monotonic() + 10
        while not _waiting_on_a_lock(live_app) and time.monotonic() < deadline:
            time.sleep(0.05)  # the second request waits for the first one's row lock
        pause.release.set()
        first.join(30)
        second.join(30)
    finally:
        event.remove(Session, "after_flush_postexec", pause)

    assert answers == {"first": 302, "second": 302}
    with live_app.app_context():
        saved = db.session.scalars(
            select(Remedy.description).where(Remedy.complaint_id == complaint_id)
        ).all()
    assert sorted(saved) == ["并发方案0", "并发方案1"]
