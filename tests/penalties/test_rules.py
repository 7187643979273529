"""The penalty rules one by one: fault precondition, responsibility, schedule and range,
separation of duties, appeal once, and the records kept for the ledger."""

import pytest

from panel.complaints import operations as process
from panel.complaints.enums import Fault, Status
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.penalties.models import Penalty, PenaltyKind, PenaltyStatus
from panel.penalties.schedule import Requirement
from tests.fixtures.penalties import driver, offence, sh_staff
from tests.fixtures.people import user_of
from tests.fixtures.process import advance


def propose(complaint, staff, code="S01", points=10, role=Role.DEPT_MANAGER, **extra):
    return operations.propose_penalty(
        db.session, complaint, staff, offence(code), points, "态度冷淡", user_of(role), **extra
    )


# --- fault precondition -------------------------------------------------------------------
@pytest.mark.parametrize("fault", [None, Fault.COMPLAINANT, Fault.UNDETERMINED])
def test_no_penalty_unless_the_fault_is_ours_or_both(make_complaint, culprit, fault):
    complaint = advance(make_complaint(complained_staff=culprit), Status.INVESTIGATING)
    if fault is not None:
        process.record_fault(db.session, complaint, user_of(Role.ADVISOR), fault, "核实")
    with pytest.raises(RuleError, match="我方或双方"):
        propose(complaint, culprit)


def test_both_at_fault_allows_a_penalty(make_complaint, culprit):
    complaint = advance(make_complaint(complained_staff=culprit), Status.INVESTIGATING)
    process.record_fault(db.session, complaint, user_of(Role.ADVISOR), Fault.BOTH, "双方均有过错")
    assert propose(complaint, culprit).status is PenaltyStatus.PROPOSED


def test_approval_checks_the_fault_again(proposal):
    complaint = proposal.complaint
    process.record_fault(db.session, complaint, user_of(Role.ADVISOR), Fault.COMPLAINANT, "复查")
    with pytest.raises(RuleError, match="我方或双方"):
        operations.decide_penalty(db.session, proposal, user_of(Role.SERVICE_MANAGER), True)


def test_only_people_named_responsible(at_fault):
    with pytest.raises(RuleError, match="未被认定为"):
        propose(at_fault, sh_staff(1))


def test_named_responsibility_replaces_the_complained_person(at_fault, culprit):
    other = sh_staff(1)
    operations.name_responsible(db.session, at_fault, other, user_of(Role.ADVISOR), "漏检")
    assert propose(at_fault, other).staff is other
    with pytest.raises(RuleError, match="未被认定为"):
        propose(at_fault, culprit)


def test_responsibility_is_named_by_the_handler_or_a_manager_after_the_fault(
    make_complaint, at_fault, culprit
):
    with pytest.raises(RuleError, match="经办人或经理"):
        operations.name_responsible(db.session, at_fault, culprit, user_of(Role.CLERK))
    db.session.rollback()
    early = advance(make_complaint(complained_staff=culprit), Status.INVESTIGATING)
    with pytest.raises(RuleError, match="我方或双方"):
        operations.name_responsible(db.session, early, culprit, user_of(Role.ADVISOR))


def test_a_name_carrying_a_penalty_stays(at_fault, culprit):
    row = operations.name_responsible(db.session, at_fault, culprit, user_of(Role.ADVISOR))
    propose(at_fault, culprit)
    manager = user_of(Role.DEPT_MANAGER)
    db.session.delete(row)
    with pytest.raises(RuleError, match="不能撤销"), acting_as(manager):
        db.session.flush()


# --- schedule and range -------------------------------------------------------------------
@pytest.mark.parametrize("points", [0, 4, 16, 100])
def test_points_outside_the_schedule_range_are_refused(at_fault, culprit, points):
    with pytest.raises(RuleError, match="5 至 15 分"):
        propose(at_fault, culprit, points=points)


@pytest.mark.parametrize("points", [5, 15])
def test_points_at_the_range_ends_are_accepted(at_fault, culprit, points):
    assert propose(at_fault, culprit, points=points).points == points


def test_the_range_is_the_schedule_row_the_admin_edits(at_fault, culprit):
    row, admin = offence("S01"), user_of(Role.ADMIN)
    row.max_points = 20
    with acting_as(admin):
        db.session.flush()
    assert propose(at_fault, culprit, points=20).points == 20


def test_only_the_admin_edits_the_schedule():
    row, manager, admin = offence("S01"), user_of(Role.GENERAL_MANAGER), user_of(Role.ADMIN)
    row.max_points = 30
    with pytest.raises(RuleError, match="管理员"), acting_as(manager):
        db.session.flush()
    db.session.rollback()
    row = offence("S01")
    row.min_points, row.max_points = 12, 8
    with pytest.raises(RuleError, match="最低分"), acting_as(admin):
        db.session.flush()


def test_staff_offences_always_carry_the_circular_and_kind_follows(at_fault, culprit):
    penalty = propose(at_fault, culprit)
    assert penalty.circular and not penalty.major_demerit
    assert penalty.kind is PenaltyKind.CIRCULAR
    other = propose(at_fault, culprit, code="S02", major_demerit=True)
    assert other.kind is PenaltyKind.MAJOR_DEMERIT


def test_a_sanction_the_offence_never_carries_is_refused(at_fault, culprit):
    row, admin = offence("S02"), user_of(Role.ADMIN)
    row.demerit = Requirement.NEVER
    with acting_as(admin):
        db.session.flush()
    with pytest.raises(RuleError, match="不含记大过"):
        propose(at_fault, culprit, code="S02", major_demerit=True)


def test_driver_offences_only_for_drivers(make_complaint, at_fault, culprit):
    with pytest.raises(RuleError, match="仅适用于出租车驾驶员"):
        propose(at_fault, culprit, code="D01")
    db.session.rollback()
    taxi = driver()
    complaint = advance(
        make_complaint(complained_staff=taxi, complained_department=taxi.department),
        Status.AWAITING_APPROVAL,
    )
    penalty = propose(complaint, taxi, code="D01", role=Role.SERVICE_MANAGER)
    assert penalty.kind is PenaltyKind.POINTS and not penalty.circular


def test_an_inactive_offence_is_refused(at_fault, culprit):
    row, admin = offence("S03"), user_of(Role.ADMIN)
    row.active = False
    with acting_as(admin):
        db.session.flush()
    with pytest.raises(RuleError, match="不在处罚标准中"):
        propose(at_fault, culprit, code="S03")


def test_one_penalty_per_offence_person_and_complaint(proposal, at_fault, culprit):
    with pytest.raises(RuleError, match="已有"):
        propose(at_fault, culprit)


# --- who proposes, who decides ------------------------------------------------------------
@pytest.mark.parametrize(
    "role", [Role.CLERK, Role.ADVISOR, Role.GENERAL_MANAGER, Role.AUDITOR, Role.ADMIN]
)
def test_only_department_and_service_managers_propose(at_fault, culprit, role):
    with pytest.raises(RuleError, match="不能提出处罚"):
        propose(at_fault, culprit, role=role)


def test_a_department_manager_proposes_for_their_own_department_only(make_complaint):
    taxi = driver()
    complaint = advance(make_complaint(complained_staff=taxi), Status.AWAITING_APPROVAL)
    with pytest.raises(RuleError, match="本部门"):
        propose(complaint, taxi, code="D01")


def test_deciders_stand_above_the_proposer(proposal):
    for role in (Role.DEPT_MANAGER, Role.CLERK, Role.ADVISOR, Role.AUDITOR, Role.ADMIN):
        with pytest.raises(RuleError):
            operations.decide_penalty(db.session, proposal, user_of(role), True)
        db.session.rollback()
    operations.decide_penalty(db.session, proposal, user_of(Role.GENERAL_MANAGER), True)
    assert proposal.status is PenaltyStatus.APPROVED
    assert proposal.approver == user_of(Role.GENERAL_MANAGER)
    assert proposal.decided_at is not None


def test_a_service_managers_proposal_is_decided_by_the_general_manager(at_fault, culprit):
    penalty = propose(at_fault, culprit, role=Role.SERVICE_MANAGER)
    with pytest.raises(RuleError, match="自己提出"):
        operations.decide_penalty(db.session, penalty, user_of(Role.SERVICE_MANAGER), True)
    db.session.rollback()
    penalty = propose(at_fault, culprit, role=Role.SERVICE_MANAGER)
    operations.decide_penalty(db.session, penalty, user_of(Role.GENERAL_MANAGER), True)
    assert penalty.status is PenaltyStatus.APPROVED


def test_proposing_on_oneself_is_refused(make_complaint):
    manager = user_of(Role.SERVICE_MANAGER)
    complaint = advance(make_complaint(complained_staff=manager.staff), Status.AWAITING_APPROVAL)
    with pytest.raises(RuleError, match="自己"):
        propose(complaint, manager.staff, role=Role.SERVICE_MANAGER)


def test_the_penalised_general_manager_may_not_approve(make_complaint):
    gm = user_of(Role.GENERAL_MANAGER)
    complaint = advance(make_complaint(complained_staff=gm.staff), Status.AWAITING_APPROVAL)
    penalty = propose(complaint, gm.staff, role=Role.SERVICE_MANAGER)
    with pytest.raises(RuleError, match="被处罚人"):
        operations.decide_penalty(db.session, penalty, gm, True)


def test_rejection_needs_a_reason(proposal):
    with pytest.raises(RuleError, match="驳回"):
        operations.decide_penalty(db.session, proposal, user_of(Role.SERVICE_MANAGER), False)


def test_only_the_proposer_edits_a_proposal(proposal):
    approver, proposer = user_of(Role.SERVICE_MANAGER), user_of(Role.DEPT_MANAGER)
    proposal.points = 12
    with pytest.raises(RuleError, match="提出人"), acting_as(approver):
        db.session.flush()
    db.session.rollback()
    proposal.points = 12
    with acting_as(proposer):
        db.session.flush()
    assert proposal.points == 12


def test_an_approved_penalty_no_longer_changes(approved):
    manager = user_of(Role.GENERAL_MANAGER)
    for change in (
        lambda p: setattr(p, "points", 6),
        lambda p: setattr(p, "status", PenaltyStatus.REVOKED),
        lambda p: setattr(p, "status", PenaltyStatus.PROPOSED),
    ):
        change(approved)
        with pytest.raises(RuleError, match="申诉"), acting_as(manager):
            db.session.flush()
        db.session.rollback()


def test_a_new_penalty_starts_as_a_proposal(at_fault, culprit):
    penalty = Penalty(
        complaint=at_fault,
        staff=culprit,
        offence=offence("S01"),
        points=10,
        reason="态度冷淡",
        status=PenaltyStatus.APPROVED,
    )
    manager = user_of(Role.SERVICE_MANAGER)
    db.session.add(penalty)
    with pytest.raises(RuleError, match="提议"), acting_as(manager):
        db.session.flush()


def test_no_actor_no_penalty(at_fault, culprit):
    db.session.add(
        Penalty(complaint=at_fault, staff=culprit, offence=offence("S01"), points=10, reason="x")
    )
    with pytest.raises(RuleError, match="具名用户"):
        db.session.flush()
