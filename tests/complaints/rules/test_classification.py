"""Severity and urgency from the criteria, on every save; lowering needs a manager."""

from datetime import timedelta
from decimal import Decimal

import pytest

from panel.complaints.enums import Category, Channel, Fault, Nature, Severity, Status, Urgency
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.setting import Setting
from panel.organisation.models.user import Role
from tests.fixtures.people import user_of
from tests.fixtures.process import advance


def test_plain_complaint_is_general(make_complaint):
    complaint = make_complaint()
    assert complaint.severity is Severity.GENERAL
    assert complaint.urgency is Urgency.NORMAL


@pytest.mark.parametrize(
    "overrides",
    [
        {"flag_safety": True},
        {"flag_injury": True},
        {"flag_media": True},
        {"flag_lawyer": True},
        {"flag_police": True},
        {"flag_consumer_association": True},
        {"flag_government": True},
        {"flag_repeat_repair": True},
        {"channel": Channel.REGULATOR, "regulator_name": "12345"},
        {"nature": Nature.CLAIM},
        {"amount_claimed": Decimal("2000")},
        {"people_count": 5},
    ],
    ids=lambda o: next(iter(o)),
)
def test_major_criteria(make_complaint, overrides):
    assert make_complaint(**overrides).severity is Severity.MAJOR


@pytest.mark.parametrize(
    "overrides",
    [{"flag_lawsuit": True}, {"amount_claimed": Decimal("10000.01")}, {"people_count": 10}],
    ids=lambda o: next(iter(o)),
)
def test_special_major_criteria(make_complaint, overrides):
    assert make_complaint(**overrides).severity is Severity.SPECIAL_MAJOR


def test_thresholds_are_settings(make_complaint):
    db.session.merge(Setting(key="classification.special_major_amount", value="5000"))
    db.session.flush()
    assert make_complaint(amount_claimed=Decimal("5000.01")).severity is Severity.SPECIAL_MAJOR


def test_repeat_complaint_by_phone_or_plate_within_the_window(make_complaint):
    make_complaint(complainant_phone="13900000001", plate_number="川A11111")
    again = make_complaint(complainant_phone="13900000001", plate_number="川B22222")
    assert again.severity is Severity.MAJOR
    by_plate = make_complaint(complainant_phone="13900000009", plate_number="川A11111")
    assert by_plate.severity is Severity.MAJOR
    old = make_complaint(
        complainant_phone="13900000002",
        plate_number="川C33333",
        received_at=clock.now() - timedelta(days=40),
    )
    assert old.severity is Severity.GENERAL
    new = make_complaint(complainant_phone="13900000002", plate_number="川D44444")
    assert new.severity is Severity.GENERAL  # the earlier one is outside the 30 days


def test_unresolved_two_months_through_our_fault_is_special_major(make_complaint):
    complaint = advance(
        make_complaint(received_at=clock.now() - timedelta(days=61)), Status.INVESTIGATING
    )
    from panel.complaints import operations as process

    process.record_fault(db.session, complaint, user_of(Role.ADVISOR), Fault.OURS, "查实")
    assert complaint.severity is Severity.SPECIAL_MAJOR


def test_severity_is_recomputed_on_every_save(make_complaint):
    complaint = make_complaint()
    complaint.flag_media = True
    with acting_as(user_of(Role.CLERK)):
        db.session.flush()
    assert complaint.severity is Severity.MAJOR
    assert complaint.urgency is Urgency.URGENT


def test_anyone_may_raise_the_severity(make_complaint):
    complaint = make_complaint()
    clerk = user_of(Role.CLERK)
    complaint.severity = Severity.MAJOR
    with acting_as(clerk):
        db.session.flush()
    assert complaint.severity is Severity.MAJOR


def test_clerk_cannot_lower_below_the_criteria(make_complaint):
    complaint = make_complaint(flag_police=True)
    clerk = user_of(Role.CLERK)
    complaint.severity = Severity.GENERAL
    with acting_as(clerk), pytest.raises(RuleError, match="只有管理人员可以降级"):
        db.session.flush()


def test_manager_lowers_with_a_reason_which_is_recorded(make_complaint):
    complaint = make_complaint(flag_police=True)
    manager = user_of(Role.SERVICE_MANAGER)
    complaint.severity = Severity.GENERAL
    with acting_as(manager), pytest.raises(RuleError, match="降级理由"):
        db.session.flush()
    db.session.rollback()
    complaint = make_complaint(flag_police=True)
    complaint.severity = Severity.GENERAL
    complaint.severity_lowered_reason = "警方仅做记录，未立案"
    with acting_as(manager):
        db.session.flush()
    assert complaint.severity is Severity.GENERAL
    assert complaint.severity_computed is Severity.MAJOR
    assert complaint.severity_lowered_by == manager
    complaint.customer_demand = "尽快处理"  # a later save keeps the manager's decision
    with acting_as(user_of(Role.CLERK)):
        db.session.flush()
    assert complaint.severity is Severity.GENERAL


def test_safety_category_is_urgent(make_complaint):
    assert make_complaint(category=Category.SAFETY).urgency is Urgency.URGENT


def test_inline_severity_edit_meets_the_rule(client, login_as, make_complaint):
    from tests.fixtures.clients import csrf_token

    complaint = make_complaint(flag_police=True)
    db.session.commit()
    client = login_as(Role.CLERK)
    token = csrf_token(client.get("/admin/complaint/").text)
    response = client.post(
        "/admin/complaint/ajax/update/",
        data={"csrf_token": token, "list_form_pk": complaint.id, "severity": "general"},
    )
    assert response.status_code == 500 or "降级" in response.text
    db.session.expire_all()
    assert db.session.get(type(complaint), complaint.id).severity is Severity.MAJOR
