"""Authority limits as data: who may grant what, escalation, separation of duties."""

from decimal import Decimal

import pytest

from panel.complaints.enums import Status
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.limits import AuthorityLimit
from panel.remedies.models import RemedyKind, RemedyStatus
from tests.fixtures.people import user_of
from tests.fixtures.process import advance


@pytest.fixture
def investigating(make_complaint):
    return advance(make_complaint(), Status.INVESTIGATING)


def propose(complaint, role, kind, amount):
    return authority.propose_remedy(
        db.session, complaint, user_of(role), kind, Decimal(amount), "方案说明"
    )


def test_seeded_defaults():
    limits = {
        (row.role, row.remedy_kind): row.max_amount
        for row in db.session.scalars(db.select(AuthorityLimit))
    }
    assert not any(role is Role.CLERK for role, _ in limits)
    assert {kind for role, kind in limits if role is Role.ADVISOR} == {
        RemedyKind.APOLOGY,
        RemedyKind.EXPLANATION,
        RemedyKind.FREE_REWORK,
        RemedyKind.FEE_WAIVER,
    }
    assert limits[(Role.ADVISOR, RemedyKind.FEE_WAIVER)] == Decimal("500.00")
    assert limits[(Role.DEPT_MANAGER, RemedyKind.COMPENSATION)] == Decimal("2000.00")
    assert limits[(Role.SERVICE_MANAGER, RemedyKind.REFUND)] == Decimal("10000.00")
    assert limits[(Role.GENERAL_MANAGER, RemedyKind.COMPENSATION)] is None


def test_advisor_grants_within_remit_at_once(investigating):
    remedy = propose(investigating, Role.ADVISOR, RemedyKind.FEE_WAIVER, "500")
    assert remedy.status is RemedyStatus.APPROVED
    assert remedy.approver.role is Role.ADVISOR
    assert remedy.decided_at is not None


@pytest.mark.parametrize(
    "kind, amount, awaiting",
    [
        (RemedyKind.FEE_WAIVER, "500.01", Role.DEPT_MANAGER),
        (RemedyKind.REFUND, "100", Role.DEPT_MANAGER),  # not in the advisor's kinds at all
        (RemedyKind.FEE_WAIVER, "2000", Role.DEPT_MANAGER),
        (RemedyKind.FEE_WAIVER, "2000.01", Role.SERVICE_MANAGER),
        (RemedyKind.COMPENSATION, "10000", Role.SERVICE_MANAGER),
        (RemedyKind.COMPENSATION, "10000.01", Role.GENERAL_MANAGER),
    ],
)
def test_beyond_remit_is_only_a_proposal_for_the_covering_role(
    investigating, kind, amount, awaiting
):
    remedy = propose(investigating, Role.ADVISOR, kind, amount)
    assert remedy.status is RemedyStatus.PROPOSED
    assert remedy.awaiting_role is awaiting
    assert remedy.approver is None


def test_compensation_always_needs_a_manager_even_when_small(investigating):
    remedy = propose(investigating, Role.DEPT_MANAGER, RemedyKind.COMPENSATION, "100")
    assert remedy.status is RemedyStatus.PROPOSED  # a manager's own compensation too
    with pytest.raises(RuleError, match="该方案由您提出"):
        authority.decide_remedy(db.session, remedy, user_of(Role.DEPT_MANAGER), True)
    db.session.rollback()


def test_approver_below_the_amount_cannot_approve_and_it_escalates(investigating):
    remedy = propose(investigating, Role.ADVISOR, RemedyKind.COMPENSATION, "5000")
    with pytest.raises(RuleError, match="超出您的审批权限.*上限 ¥2,000.00.*服务经理/客服总监审批"):
        authority.decide_remedy(db.session, remedy, user_of(Role.DEPT_MANAGER), True)


def test_covering_manager_approves_in_one_step(investigating):
    remedy = propose(investigating, Role.ADVISOR, RemedyKind.COMPENSATION, "5000")
    authority.decide_remedy(db.session, remedy, user_of(Role.SERVICE_MANAGER), True, "同意补偿")
    assert remedy.status is RemedyStatus.APPROVED
    assert remedy.approver.role is Role.SERVICE_MANAGER
    assert remedy.decision_comment == "同意补偿"


def test_rejection_needs_a_reason(investigating):
    remedy = propose(investigating, Role.ADVISOR, RemedyKind.COMPENSATION, "800")
    with pytest.raises(RuleError, match="驳回理由"):
        authority.decide_remedy(db.session, remedy, user_of(Role.DEPT_MANAGER), False)


def test_clerk_cannot_propose(investigating):
    with pytest.raises(RuleError, match="客服专员无权提出处理方案"):
        propose(investigating, Role.CLERK, RemedyKind.APOLOGY, "0")


def test_nobody_decides_on_a_complaint_naming_them(make_complaint):
    manager = user_of(Role.SERVICE_MANAGER)
    complaint = advance(make_complaint(complained_staff=manager.staff), Status.INVESTIGATING)
    remedy = propose(complaint, Role.ADVISOR, RemedyKind.COMPENSATION, "5000")
    with pytest.raises(RuleError, match="被投诉人"):
        authority.decide_remedy(db.session, remedy, manager, True)


def test_decided_remedy_is_final(investigating):
    remedy = propose(investigating, Role.ADVISOR, RemedyKind.COMPENSATION, "800")
    authority.decide_remedy(db.session, remedy, user_of(Role.DEPT_MANAGER), True)
    with pytest.raises(RuleError, match="已有审批结果"):
        authority.decide_remedy(db.session, remedy, user_of(Role.GENERAL_MANAGER), False, "改")


def test_only_the_proposer_edits_or_withdraws(investigating):
    from panel.core.actor import acting_as

    advisor = user_of(Role.ADVISOR)
    remedy = propose(investigating, Role.ADVISOR, RemedyKind.COMPENSATION, "800")
    remedy.amount = Decimal("3000")
    with acting_as(advisor):
        db.session.flush()
    assert remedy.awaiting_role is Role.SERVICE_MANAGER  # re-routed by the new amount
    with pytest.raises(RuleError, match="只有提出人可以撤回"):
        authority.withdraw_remedy(db.session, remedy, user_of(Role.DEPT_MANAGER))
    db.session.rollback()


def test_limits_are_data_an_admin_can_change(investigating):
    row = db.session.scalar(
        db.select(AuthorityLimit).filter_by(role=Role.ADVISOR, remedy_kind=RemedyKind.FEE_WAIVER)
    )
    row.max_amount = Decimal("800")
    db.session.flush()
    assert (
        propose(investigating, Role.ADVISOR, RemedyKind.FEE_WAIVER, "800").status
        is RemedyStatus.APPROVED
    )


def test_decision_on_a_freshly_committed_remedy_sees_its_real_state(investigating):
    """After a commit the row is expired; the rules still compare with the status before."""
    remedy = propose(investigating, Role.ADVISOR, RemedyKind.COMPENSATION, "800")
    db.session.commit()
    authority.decide_remedy(db.session, remedy, user_of(Role.DEPT_MANAGER), True, "同意")
    assert remedy.status is RemedyStatus.APPROVED


def test_a_step_on_a_freshly_committed_complaint_starts_from_its_real_state(make_complaint):
    from panel.complaints import operations as process

    complaint = advance(make_complaint(), Status.INVESTIGATING)
    db.session.commit()
    with pytest.raises(RuleError, match="不能从“调查中”变为“已结案”"):
        process.close(db.session, complaint, user_of(Role.CLERK))
