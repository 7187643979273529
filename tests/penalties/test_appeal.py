"""The appeal (申诉): once, in time, filed by the penalised person or a clerk, decided by a
manager not involved."""

from datetime import timedelta

import pytest

from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.penalties.models import AppealOutcome, PenaltyAppeal, PenaltyStatus
from tests.fixtures.people import user_of


# --- the appeal ---------------------------------------------------------------------------
def test_appeal_once(approved):
    appeal = operations.file_appeal(db.session, approved, user_of(Role.CLERK), "请求复核")
    assert approved.status is PenaltyStatus.APPEALED and appeal.filed_by == user_of(Role.CLERK)
    db.session.commit()
    with pytest.raises(RuleError, match="只能申诉一次"):
        operations.file_appeal(db.session, approved, user_of(Role.CLERK), "再次申诉")
    db.session.rollback()
    operations.decide_appeal(db.session, appeal, user_of(Role.GENERAL_MANAGER), True, "维持")
    assert approved.status is PenaltyStatus.UPHELD
    with pytest.raises(RuleError, match="只能申诉一次"):
        operations.file_appeal(db.session, approved, user_of(Role.CLERK), "再次申诉")


def test_only_approved_penalties_are_appealed(proposal):
    with pytest.raises(RuleError, match="已审批"):
        operations.file_appeal(db.session, proposal, user_of(Role.CLERK), "请求复核")


def test_the_penalised_person_or_a_clerk_files(approved, culprit_login):
    with pytest.raises(RuleError, match="本人"):
        operations.file_appeal(db.session, approved, user_of(Role.ADVISOR), "代为申诉")
    db.session.rollback()
    appeal = operations.file_appeal(db.session, approved, culprit_login, "本人申诉")
    assert appeal.filed_by == culprit_login


def test_the_appeal_period(approved):
    late = approved.decided_at + timedelta(days=16)
    with clock.travel_to(late), pytest.raises(RuleError, match="15 天"):
        operations.file_appeal(db.session, approved, user_of(Role.CLERK), "迟到的申诉")


@pytest.mark.parametrize(
    "role",
    [Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.CLERK, Role.ADVISOR, Role.AUDITOR, Role.ADMIN],
)
def test_the_appeal_is_decided_by_a_manager_not_involved(appealed, role):
    with pytest.raises(RuleError):
        operations.decide_appeal(db.session, appealed, user_of(role), False, "撤销")


def test_revoking_takes_the_penalty_out_of_force(appealed):
    operations.decide_appeal(db.session, appealed, user_of(Role.GENERAL_MANAGER), False, "撤销")
    penalty = appealed.penalty
    assert penalty.status is PenaltyStatus.REVOKED and not penalty.in_force
    assert appealed.decided_by == user_of(Role.GENERAL_MANAGER)
    manager = user_of(Role.GENERAL_MANAGER)
    appealed.outcome = AppealOutcome.UPHELD
    with pytest.raises(RuleError, match="已裁决"), acting_as(manager):
        db.session.flush()


def test_the_decision_needs_a_reason(appealed):
    with pytest.raises(RuleError, match="理由"):
        operations.decide_appeal(db.session, appealed, user_of(Role.GENERAL_MANAGER), True, " ")


def test_the_penalty_status_follows_only_the_appeal(approved, appealed):
    manager = user_of(Role.GENERAL_MANAGER)
    approved.status = PenaltyStatus.REVOKED
    with pytest.raises(RuleError, match="申诉中"), acting_as(manager):
        db.session.flush()


def test_the_database_holds_one_appeal_per_penalty():
    constraint = PenaltyAppeal.__table__.c.penalty_id
    assert constraint.unique
