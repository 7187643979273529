"""The demo's reward/penalty records: made by the real rules, idempotent, visible in the ledger."""

from sqlalchemy import func, select

from panel.core.extensions import db
from panel.demo.loader import load_demo_data
from panel.organisation.models.user import Role
from panel.penalties.models import Penalty, PenaltyAppeal, PenaltyStatus
from panel.penalties.records import Commendation, Recovery


def counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Penalty, PenaltyAppeal, Commendation, Recovery)
    )


def test_the_demo_has_penalties_appeals_commendations_and_a_recovery(login_as):
    load_demo_data(complaints=100)
    penalties, appeals, commendations, recoveries = counts()
    assert penalties >= 8 and appeals >= 2 and commendations >= 10 and recoveries == 1
    statuses = set(db.session.scalars(select(Penalty.status)))
    assert {PenaltyStatus.APPROVED, PenaltyStatus.PROPOSED, PenaltyStatus.REJECTED} <= statuses
    assert statuses & {PenaltyStatus.UPHELD, PenaltyStatus.REVOKED}
    recovery = db.session.scalar(select(Recovery))
    assert 0 < recovery.amount_recovered < recovery.amount_due
    before = counts()
    load_demo_data(complaints=100)
    assert counts() == before
    page = login_as(Role.GENERAL_MANAGER).get("/admin/staff-ledger/").text
    assert 'data-staff="total"' in page
