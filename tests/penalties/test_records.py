"""Records kept for the ledger: never deleted, never bulk-changed; commendations."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, update

from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.penalties.models import Penalty, PenaltyAppeal
from panel.penalties.records import Commendation, Responsibility
from panel.penalties.schedule import Offence
from tests.fixtures.people import staff_of, user_of


# --- kept records and bulk statements -----------------------------------------------------
def test_penalty_records_are_never_deleted(appealed):
    manager = user_of(Role.GENERAL_MANAGER)
    for row in (appealed, appealed.penalty):
        db.session.delete(row)
        with pytest.raises(RuleError, match="不删除"), acting_as(manager):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize(
    "model", [Penalty, PenaltyAppeal, Commendation, Responsibility, Offence], ids=str
)
def test_bulk_statements_are_refused(model):
    with pytest.raises(RuleError, match="批量"):
        db.session.execute(update(model).values(id=model.id))
    with pytest.raises(RuleError, match="批量"):
        db.session.execute(delete(model))


# --- commendations ------------------------------------------------------------------------
def test_commendations_by_clerks_and_managers_with_points_in_range(culprit):
    row = operations.record_commendation(
        db.session, culprit, user_of(Role.CLERK), "耐心讲解", points=5
    )
    assert row.recorded_by == user_of(Role.CLERK)
    with pytest.raises(RuleError, match="0 至 5"):
        operations.record_commendation(db.session, culprit, user_of(Role.CLERK), "好", points=6)
    db.session.rollback()
    with pytest.raises(RuleError, match="客服专员"):
        operations.record_commendation(db.session, culprit, user_of(Role.ADVISOR), "好")


def test_no_commendation_of_oneself():
    clerk = user_of(Role.CLERK)
    with pytest.raises(RuleError, match="自己"):
        operations.record_commendation(db.session, clerk.staff, clerk, "表扬我自己")


def test_commendations_do_not_come_from_the_future(culprit):
    with pytest.raises(RuleError, match="未来"):
        operations.record_commendation(
            db.session,
            culprit,
            user_of(Role.CLERK),
            "好",
            received_at=clock.now() + timedelta(days=1),
        )


def test_staff_of_another_department_is_fine_for_commendations():
    assert (
        operations.record_commendation(
            db.session, staff_of("YY"), user_of(Role.CLERK), "服务热情", points=2
        ).points
        == 2
    )
