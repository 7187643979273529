"""Recoveries and commendations keep their limits on the form, the inline edit and the CLI."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from panel.complaints.enums import Status
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.penalties.records import Commendation, Recovery
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind, RemedyStatus
from tests.fixtures.people import user_of
from tests.fixtures.process import advance
from tests.penalties.paths import assert_refused_for, cli, client_as, token


@pytest.fixture
def recovery(make_complaint, culprit):
    complaint = advance(
        make_complaint(complained_staff=culprit),
        Status.AWAITING_APPROVAL,
        (RemedyKind.PAY_FIRST, "800"),
    )
    (payment,) = complaint.remedies
    assert payment.status is RemedyStatus.PROPOSED
    authority.decide_remedy(db.session, payment, user_of(Role.DEPT_MANAGER), True, "同意")
    row = operations.open_recovery(
        db.session, payment, culprit, Decimal("400"), user_of(Role.DEPT_MANAGER)
    )
    db.session.commit()
    return row


def recovered(row_id) -> Decimal:
    db.session.expire_all()
    return db.session.get(Recovery, row_id).amount_recovered


def inline(client, endpoint, row_id, **values):
    return client.post(
        f"/admin/{endpoint}/ajax/update/",
        data={"csrf_token": token(client, f"/admin/{endpoint}/"), "list_form_pk": row_id, **values},
    )


def edit_recovery(client, row, amount):
    url = f"/admin/recovery/edit/?id={row.id}"
    return client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "remedy": row.remedy_id,
            "staff": row.staff_id,
            "amount_due": "400",
            "amount_recovered": amount,
        },
    )


def test_recovered_beyond_due_is_refused_inline_and_on_the_form(app, recovery):
    client = client_as(app, Role.DEPT_MANAGER)
    inline(client, "recovery", recovery.id, amount_recovered="400.01")
    edit_recovery(client, recovery, "500")
    cli(client, "recover", recovery.id, "401", "--as", "deptmgr")
    assert recovered(recovery.id) == Decimal("0.00")
    inline(client, "recovery", recovery.id, amount_recovered="150")
    assert recovered(recovery.id) == Decimal("150.00")
    edit_recovery(client, db.session.get(Recovery, recovery.id), "400")
    row = db.session.get(Recovery, recovery.id)
    assert row.amount_recovered == Decimal("400.00") and row.settled_at is not None


def test_only_managers_keep_recoveries(app, recovery):
    def attempt(client, role):
        inline(client, "recovery", recovery.id, amount_recovered="100")
        cli(client, "recover", recovery.id, "100", "--as", user_of(role).username)

    others = {Role.CLERK, Role.ADVISOR, Role.AUDITOR, Role.ADMIN}
    assert_refused_for(app, others, attempt)
    assert recovered(recovery.id) == Decimal("0.00")


@pytest.fixture
def commendation(culprit):
    row = operations.record_commendation(db.session, culprit, user_of(Role.CLERK), "热情", points=2)
    db.session.commit()
    return row


def points(row_id) -> int:
    db.session.expire_all()
    return db.session.get(Commendation, row_id).points


def test_commendation_points_stay_within_the_setting(app, commendation, culprit):
    client = client_as(app, Role.CLERK)
    inline(client, "commendation", commendation.id, points="6")
    assert points(commendation.id) == 2
    client.post(
        "/admin/commendation/new/",
        data={
            "csrf_token": token(client, "/admin/commendation/new/"),
            "staff": culprit.id,
            "received_at": "2026-03-01 10:00:00",
            "content": "讲解耐心",
            "points": "9",
        },
    )
    assert db.session.scalar(select(Commendation).filter_by(content="讲解耐心")) is None
    inline(client, "commendation", commendation.id, points="5")
    assert points(commendation.id) == 5


def test_commendations_are_recorded_by_the_front_desk_only(app, commendation):
    assert_refused_for(
        app,
        {Role.ADVISOR, Role.AUDITOR, Role.ADMIN},
        lambda client, role: inline(client, "commendation", commendation.id, points="4"),
    )
    assert points(commendation.id) == 2
