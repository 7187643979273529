"""The data generator writes history the rules would have written: numbers, counters,
transitions, remedies, callbacks, penalties and audit entries agree with each complaint."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from panel.complaints.enums import Fault, Status
from panel.complaints.history import Callback, ComplaintTransition
from panel.complaints.models import Complaint, ComplaintNumberCounter
from panel.complaints.rules.intake import history_import
from panel.core.actor import acting_as
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.demo.generator.command import generate
from panel.demo.generator.history import COLUMNS, History, Ids
from panel.demo.generator.organisation import Organisation
from panel.organisation.models.user import Role, User
from panel.penalties.models import Penalty
from panel.remedies.models import Remedy, RemedyStatus
from tests.fixtures.clients import login

END = datetime(2026, 6, 30, 18, 0)
DECIDED = (Status.APPROVED, Status.REPLIED, Status.CALLBACK_DONE, Status.CLOSED, Status.REOPENED)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A scratch database with 600 generated complaints over one year."""
    from panel.demo.loader import load_demo_data
    from tests.fixtures.database import scratch_app

    with scratch_app(tmp_path_factory.mktemp("generated")) as app:
        with app.app_context():
            load_demo_data(complaints=0)
            summary = generate(600, years=1, end=END, seed=7)
        yield app, summary


@pytest.mark.committing
def test_counts_and_numbers(generated):
    app, summary = generated
    assert summary.rows["complaint"] == 600
    with app.app_context():
        numbers = db.session.scalars(select(Complaint.number)).all()
        assert len(set(numbers)) == 600
        assert all(re.fullmatch(r"TS-\d{8}-\d{4,}", n) for n in numbers)
        last = defaultdict(int)
        for complaint in db.session.scalars(select(Complaint)):
            assert complaint.number[3:11] == f"{complaint.received_at:%Y%m%d}"
            last[complaint.received_at.date()] = max(
                last[complaint.received_at.date()], int(complaint.number[12:])
            )
        counters = {c.day: c.last_value for c in db.session.scalars(select(ComplaintNumberCounter))}
        assert counters == dict(last)  # registrations continue each day's sequence


@pytest.mark.committing
def test_the_report_rollup_counts_the_generated_history(generated):
    from panel.reports import rollup

    app, _summary = generated
    with app.app_context():
        kept = db.session.execute(
            select(rollup.ReportRollup.__table__).where(rollup.ReportRollup.total != 0)
        ).all()
        assert {tuple(row) for row in kept} == set(db.session.execute(rollup._contributions()))
        assert sum(row.total for row in kept if row.fact == rollup.STEP) > 600


@pytest.mark.committing
def test_a_registration_afterwards_continues_the_day(generated):
    app, _ = generated
    with app.app_context():
        busiest = db.session.scalars(
            select(ComplaintNumberCounter).order_by(ComplaintNumberCounter.last_value.desc())
        ).first()
        # A day of the generated history: only a manager's import of history reaches it.
        manager = db.session.scalar(select(User).filter_by(username="svcmgr"))
        complaint = Complaint(
            received_at=datetime.combine(busiest.day, datetime.min.time()) + timedelta(hours=12),
            channel="hotline",
            complainant_name="后来登记",
            content="同一天又来投诉",
            category="other",
        )
        db.session.add(complaint)
        with acting_as(manager), history_import(db.session):
            db.session.flush()
        assert complaint.number == f"TS-{busiest.day:%Y%m%d}-{busiest.last_value + 1:04d}"
        db.session.rollback()


@pytest.mark.committing
def test_each_complaint_is_where_its_transitions_took_it(generated):
    app, _ = generated
    with app.app_context():
        steps = defaultdict(list)
        for t in db.session.scalars(select(ComplaintTransition).order_by(ComplaintTransition.id)):
            steps[t.complaint_id].append(t)
        remedies = defaultdict(list)
        for r in db.session.scalars(select(Remedy)):
            remedies[r.complaint_id].append(r)
        seen = set()
        for c in db.session.scalars(select(Complaint)):
            path = steps[c.id]
            assert path[0].from_status is None and path[0].to_status is Status.REGISTERED
            for before, after in zip(path, path[1:], strict=False):
                assert after.from_status is before.to_status and after.at >= before.at
            assert path[-1].to_status is c.status
            assert c.version_id == len(path)
            assert c.received_at <= c.created_at <= END
            seen.add(c.status)
            if c.status in DECIDED:
                assert any(r.status is RemedyStatus.APPROVED for r in remedies[c.id])
                assert not any(r.status is RemedyStatus.PROPOSED for r in remedies[c.id])
                assert c.reply_content and c.fault is not None
            if c.status is Status.AWAITING_APPROVAL:
                assert remedies[c.id] and all(r.awaiting_role is not None for r in remedies[c.id])
            if c.status in (Status.CLOSED, Status.INVALID):
                assert c.closed_at is not None and c.step_due_at is None and c.fault_evidence
            else:
                assert c.closed_at is None
            if c.status is Status.INVESTIGATING or c.status in DECIDED:
                assert c.handler_id is not None and c.responsible_department_id is not None
        assert {Status.CLOSED, Status.INVALID} <= seen and seen & {
            Status.REGISTERED,
            Status.DISPATCHED,
            Status.INVESTIGATING,
            Status.AWAITING_APPROVAL,
        }, "old complaints are closed, the latest still in progress"


@pytest.mark.committing
def test_remedies_callbacks_penalties_and_audit(generated):
    app, summary = generated
    with app.app_context():
        for remedy in db.session.scalars(select(Remedy).where(Remedy.approver_id.is_not(None))):
            assert remedy.approver_id != remedy.proposed_by_id or remedy.decision_comment
        callbacks = db.session.scalar(select(func.count()).select_from(Callback))
        done = db.session.scalar(
            select(func.count())
            .select_from(Complaint)
            .where(Complaint.status.in_([Status.CALLBACK_DONE, Status.CLOSED, Status.REOPENED]))
        )
        assert callbacks == done
        for penalty in db.session.scalars(select(Penalty)):
            assert penalty.complaint.status in (Status.CLOSED, Status.REOPENED)
            assert penalty.complaint.fault is Fault.OURS
            assert penalty.staff_id == penalty.complaint.complained_staff_id
            assert 5 <= penalty.points <= 15
        generated_entries = db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.table_name == "complaint", AuditEntry.action == "insert")
        )
        assert generated_entries == 600
        assert summary.rows["penalty"] > 0 and summary.rows["remedy"] > 600 // 2


@pytest.mark.committing
def test_generated_complaints_open_in_the_panel(generated):
    app, _ = generated
    with app.app_context():
        closed = db.session.scalar(select(Complaint.id).filter_by(status=Status.CLOSED).limit(1))
        waiting = db.session.scalar(
            select(Complaint.id).filter_by(status=Status.AWAITING_APPROVAL).limit(1)
        )
    client = app.test_client()
    assert login(client, "svcmgr").status_code == 302
    for complaint_id in filter(None, (closed, waiting)):
        page = client.get(f"/admin/complaint/details/?id={complaint_id}")
        assert page.status_code == 200
    assert client.get("/admin/complaint/?page=3").status_code == 200


def test_the_same_seed_gives_the_same_history(app):
    org = Organisation.load(db.session)

    def rows():
        ids = Ids(dict.fromkeys(COLUMNS, 1))
        history = History(org, 50, END - timedelta(days=90), END, ids, {}, seed=11)
        return [batch.rows for batch in history.batches(size=20)]

    assert rows() == rows()
    assert Organisation.load(db.session).user(Role.CLERK, 0).username == "clerk"
