"""Pay first, then recover (000 §五.3.4): the company's approved payment, then what the
responsible person owes and has paid back."""

from decimal import Decimal

import pytest

from panel.complaints.enums import Status
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind, RemedyStatus
from tests.fixtures.penalties import sh_staff
from tests.fixtures.people import user_of
from tests.fixtures.process import advance


@pytest.fixture
def payment(make_complaint, culprit):
    complaint = advance(
        make_complaint(complained_staff=culprit),
        Status.AWAITING_APPROVAL,
        (RemedyKind.PAY_FIRST, "800"),
    )
    (remedy,) = complaint.remedies
    assert remedy.status is RemedyStatus.PROPOSED  # an advisor may not grant it
    db.session.commit()  # keep the set-up when a refused change rolls back its own work
    return remedy


def approve(remedy):
    assert remedy.status is RemedyStatus.PROPOSED  # loaded: the remedy rules compare with it
    authority.decide_remedy(db.session, remedy, user_of(Role.DEPT_MANAGER), True, "同意")
    db.session.commit()
    return remedy


def open_(payment, staff, due, role=Role.DEPT_MANAGER):
    return operations.open_recovery(db.session, payment, staff, Decimal(due), user_of(role))


def test_recovery_only_after_the_payment_was_approved(payment, culprit):
    with pytest.raises(RuleError, match="批准后"):
        open_(payment, culprit, "400")
    db.session.rollback()
    recovery = open_(approve(payment), culprit, "400")
    assert recovery.complaint == payment.complaint
    assert recovery.opened_by == user_of(Role.DEPT_MANAGER) and recovery.opened_at
    assert recovery.amount_recovered == Decimal("0.00") and recovery.settled_at is None


def test_only_a_pay_first_payment_is_recovered(make_complaint, culprit):
    complaint = advance(
        make_complaint(complained_staff=culprit),
        Status.AWAITING_APPROVAL,
        (RemedyKind.COMPENSATION, "800"),
    )
    remedy = complaint.remedies[0]
    approve(remedy)
    with pytest.raises(RuleError, match="先行赔付"):
        open_(remedy, culprit, "100")


def test_amounts_due_never_exceed_the_payment(payment, culprit):
    approve(payment)
    with pytest.raises(RuleError, match="800.00"):
        open_(payment, culprit, "800.01")


def test_recovered_never_exceeds_due_and_settles_at_due(payment, culprit):
    recovery = open_(approve(payment), culprit, "400")
    manager = user_of(Role.DEPT_MANAGER)
    operations.record_recovered(db.session, recovery, Decimal("150"), manager)
    db.session.commit()
    assert recovery.amount_recovered == Decimal("150.00") and recovery.last_recovered_at
    with pytest.raises(RuleError, match="不能超过应追偿金额"):
        operations.record_recovered(db.session, recovery, Decimal("300"), manager)
    db.session.rollback()
    operations.record_recovered(db.session, recovery, Decimal("250"), manager)
    assert recovery.outstanding == Decimal("0.00") and recovery.settled_at is not None


def test_amounts_are_not_negative(payment, culprit):
    recovery = open_(approve(payment), culprit, "400")
    with pytest.raises(RuleError, match="不能为负"):
        recovery.amount_recovered = Decimal("-1")
    with pytest.raises(RuleError, match="大于零"):
        operations.record_recovered(db.session, recovery, Decimal("0"), user_of(Role.DEPT_MANAGER))


def test_recovery_falls_on_a_responsible_person_and_is_kept_by_managers(payment, culprit):
    approve(payment)
    with pytest.raises(RuleError, match="未被认定为"):
        open_(payment, sh_staff(1), "100")
    db.session.rollback()
    with pytest.raises(RuleError, match="经理"):
        open_(payment, culprit, "100", role=Role.CLERK)


def test_a_recovery_keeps_its_person(payment, culprit):
    recovery = open_(approve(payment), culprit, "400")
    other, manager = sh_staff(1), user_of(Role.DEPT_MANAGER)
    recovery.staff = other
    with pytest.raises(RuleError, match="不可更改"), acting_as(manager):
        db.session.flush()
