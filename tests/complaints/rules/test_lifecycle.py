"""The lifecycle: each transition checks the actor's role, the state and the data it needs."""

import pytest

from panel.complaints import operations as process
from panel.complaints.enums import Fault, Status
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.people import department, user_of
from tests.fixtures.process import advance


def test_a_complaint_walks_the_whole_process_with_a_timeline(make_complaint):
    complaint = advance(make_complaint(), Status.CLOSED)
    assert complaint.status is Status.CLOSED
    assert complaint.closed_at is not None and complaint.replied_at is not None
    path = [(t.from_status, t.to_status) for t in complaint.transitions]
    assert path == [
        (None, Status.REGISTERED),
        (Status.REGISTERED, Status.DISPATCHED),
        (Status.DISPATCHED, Status.INVESTIGATING),
        (Status.INVESTIGATING, Status.AWAITING_APPROVAL),
        (Status.AWAITING_APPROVAL, Status.APPROVED),
        (Status.APPROVED, Status.REPLIED),
        (Status.REPLIED, Status.CALLBACK_DONE),
        (Status.CALLBACK_DONE, Status.CLOSED),
    ]
    assert [t.actor.role for t in complaint.transitions][:3] == [
        Role.CLERK,
        Role.CLERK,
        Role.DEPT_MANAGER,
    ]
    assert complaint.step_due_at is None  # nothing left to do


def test_illegal_transition_is_refused_with_the_reason(make_complaint):
    complaint = make_complaint()
    with pytest.raises(RuleError, match="不能从“?已登记”?.*变为“?已结案"):
        process.close(db.session, complaint, user_of(Role.CLERK))


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.AUDITOR, Role.ADMIN])
def test_dispatch_needs_a_clerk_or_manager(make_complaint, role):
    complaint = make_complaint()
    with pytest.raises(RuleError, match="派发"):
        process.dispatch(db.session, complaint, user_of(role), department("SH"))
    db.session.rollback()


def test_dispatch_needs_the_responsible_department(make_complaint):
    complaint = make_complaint()
    with pytest.raises(RuleError, match="责任部门"):
        process.move(db.session, complaint, Status.DISPATCHED, user_of(Role.CLERK))


def test_handler_may_not_be_the_complained_person(make_complaint):
    advisor = user_of(Role.ADVISOR)
    complaint = advance(make_complaint(complained_staff=advisor.staff), Status.DISPATCHED)
    with pytest.raises(RuleError, match="处理人不能是被投诉人"):
        process.start_investigation(db.session, complaint, user_of(Role.DEPT_MANAGER), advisor)


def test_complained_manager_may_not_handle_it(make_complaint):
    manager = user_of(Role.DEPT_MANAGER)
    complaint = advance(make_complaint(complained_staff=manager.staff), Status.DISPATCHED)
    with pytest.raises(RuleError, match="被投诉人"):
        process.start_investigation(db.session, complaint, manager, user_of(Role.ADVISOR))


def test_submit_needs_a_remedy_and_a_reply(make_complaint):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    with pytest.raises(RuleError, match="至少提出一项处理方案"):
        process.submit_for_approval(db.session, complaint, user_of(Role.ADVISOR), "答复")


@pytest.mark.parametrize("role", [Role.CLERK, Role.ADVISOR, Role.AUDITOR, Role.ADMIN])
def test_only_a_manager_approves_the_reply(make_complaint, role):
    complaint = advance(make_complaint(), Status.AWAITING_APPROVAL)
    with pytest.raises(RuleError, match="审批处理方案与答复"):
        process.move(db.session, complaint, Status.APPROVED, user_of(role))


def test_callback_not_while_in_progress(make_complaint):
    complaint = advance(make_complaint(), Status.APPROVED)
    with pytest.raises(RuleError, match="回访应在答复之后"):
        process.record_callback(db.session, complaint, user_of(Role.CLERK), True, "满意")


def test_dissatisfied_callback_reopens_with_reason_and_count(make_complaint):
    complaint = advance(make_complaint(), Status.REPLIED)
    process.record_callback(db.session, complaint, user_of(Role.CLERK), False, "仍有异响")
    assert complaint.status is Status.REOPENED
    assert complaint.reopen_count == 1
    assert complaint.transitions[-1].reason == "仍有异响"
    # The reopened complaint goes round again.
    process.dispatch(db.session, complaint, user_of(Role.CLERK), department("SH"))
    assert complaint.status is Status.DISPATCHED


def test_reopen_after_close_needs_a_reason(make_complaint):
    complaint = advance(make_complaint(), Status.CLOSED)
    with pytest.raises(RuleError, match="需要填写理由"):
        process.move(db.session, complaint, Status.REOPENED, user_of(Role.CLERK))
    db.session.rollback()
    complaint = advance(make_complaint(), Status.CLOSED)
    process.move(db.session, complaint, Status.REOPENED, user_of(Role.CLERK), reason="客户再次来电")
    assert complaint.reopen_count == 1 and complaint.closed_at is None


def test_only_handler_or_manager_records_the_fault(make_complaint):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    with pytest.raises(RuleError, match="只有处理人或管理人员"):
        process.record_fault(db.session, complaint, user_of(Role.CLERK), Fault.OURS, "证据")


def test_valid_complaint_cannot_close_without_fault(make_complaint):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    advisor = user_of(Role.ADVISOR)
    from decimal import Decimal

    from panel.remedies import rules as authority
    from panel.remedies.models import RemedyKind

    authority.propose_remedy(db.session, complaint, advisor, RemedyKind.APOLOGY, Decimal(0), "道歉")
    process.submit_for_approval(db.session, complaint, advisor, "抱歉")
    process.move(db.session, complaint, Status.APPROVED, user_of(Role.SERVICE_MANAGER))
    process.reply_to_customer(db.session, complaint, user_of(Role.CLERK))
    process.record_callback(db.session, complaint, user_of(Role.CLERK), True)
    with pytest.raises(RuleError, match="结案前请先认定责任"):
        process.close(db.session, complaint, user_of(Role.CLERK))


def test_invalid_complaint_needs_a_tactful_reply_and_not_our_fault(make_complaint):
    complaint = make_complaint()
    with pytest.raises(RuleError, match="婉转答复"):
        process.close_as_invalid(db.session, complaint, user_of(Role.CLERK), "", "误投诉")
    db.session.rollback()
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    process.record_fault(db.session, complaint, user_of(Role.ADVISOR), Fault.OURS, "确属我方")
    with pytest.raises(RuleError, match="我方责任.*不能按误投诉"):
        process.close_as_invalid(db.session, complaint, user_of(Role.ADVISOR), "说明", "误投诉")
    db.session.rollback()
    complaint = make_complaint()
    process.close_as_invalid(
        db.session, complaint, user_of(Role.CLERK), "经核实非我司车辆，感谢理解。", "误投诉"
    )
    assert complaint.status is Status.INVALID and complaint.closed_at is not None


def test_pending_and_resume_return_to_where_it_was(make_complaint):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    advisor = user_of(Role.ADVISOR)
    process.move(db.session, complaint, Status.PENDING_CUSTOMER, advisor, reason="客户出差")
    assert complaint.status is Status.PENDING_CUSTOMER
    with pytest.raises(RuleError):
        process.move(db.session, complaint, Status.APPROVED, advisor)
    db.session.rollback()
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    process.move(db.session, complaint, Status.PENDING_CUSTOMER, advisor, reason="等配件")
    process.move(db.session, complaint, Status.INVESTIGATING, advisor)
    assert complaint.status is Status.INVESTIGATING


def test_status_edited_directly_meets_the_same_rules(make_complaint):
    """A script or form that sets the status column gets the same checks as the process."""
    from panel.core.actor import acting_as

    manager, clerk, after_sales = (
        user_of(Role.GENERAL_MANAGER),
        user_of(Role.CLERK),
        department("SH"),
    )
    complaint = make_complaint()
    complaint.status = Status.CLOSED
    with acting_as(manager), pytest.raises(RuleError, match="不能从"):
        db.session.flush()
    db.session.rollback()
    complaint = make_complaint()
    complaint.status = Status.DISPATCHED
    complaint.responsible_department = after_sales
    with acting_as(clerk):
        db.session.flush()
    assert complaint.transitions[-1].to_status is Status.DISPATCHED


def test_no_actor_no_change(make_complaint):
    complaint, after_sales = make_complaint(), department("SH")
    complaint.status = Status.DISPATCHED
    complaint.responsible_department = after_sales
    with pytest.raises(RuleError, match="未指明操作人"):
        db.session.flush()


def test_complaints_are_never_deleted(make_complaint):
    complaint = make_complaint()
    db.session.delete(complaint)
    with pytest.raises(RuleError, match="不会删除"):
        db.session.flush()
