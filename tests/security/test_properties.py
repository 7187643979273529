"""Property-based tests (hypothesis): malformed input never crashes the validators or the
process rules, refusals save nothing, and no sequence of steps reaches an invalid state."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panel.access.roles import MANAGERS
from panel.complaints import operations as process
from panel.complaints.enums import Fault, Status
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.validation import (
    AMOUNT_MAX,
    normalise_amount,
    normalise_phone,
    normalise_plate,
)
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind, RemedyStatus
from tests.fixtures.people import department, user_of

FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a clerk might paste: digits, signs, CJK, plate letters, blanks, controls, markup.
messy_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("0123456789+-()（） .,¥·京川粤ABCDEFGHIJKLMNOPQRSTUVWXYZabc挂学警"),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
)


def validator_outcome(validator, value):
    """The normalised value, or None when the validator refused with a RuleError."""
    try:
        return ("ok", validator("字段", value))
    except RuleError as error:
        assert "字段" in error.message or error.message  # names the field
        return ("refused", None)


@FAST
@given(messy_text)
def test_phone_is_normalised_or_refused_never_crashes(app, value):
    with app.test_request_context():
        kind, phone = validator_outcome(normalise_phone, value)
        if kind == "ok" and phone is not None:
            assert re.fullmatch(r"[0-9-]{7,20}", phone)
            assert normalise_phone("字段", phone) == phone  # idempotent


@FAST
@given(st.one_of(messy_text, st.from_regex(r"\A[京川粤][A-Z][A-HJ-NP-Z0-9]{5,6}\Z")))
def test_plate_is_normalised_or_refused_never_crashes(app, value):
    with app.test_request_context():
        kind, plate = validator_outcome(normalise_plate, value)
        if kind == "ok" and plate is not None:
            assert len(plate) in (7, 8) and plate == plate.upper()
            assert "I" not in plate[2:] and "O" not in plate[2:]  # serials never use I or O
            assert normalise_plate("字段", plate) == plate


@FAST
@given(
    st.one_of(
        messy_text,
        st.decimals(allow_nan=True, allow_infinity=True),
        st.floats(),
        st.integers(),
        st.none(),
    )
)
def test_amount_is_normalised_or_refused_never_crashes(app, value):
    with app.test_request_context():
        kind, amount = validator_outcome(normalise_amount, value)
        if kind == "ok" and amount is not None:
            assert Decimal("0") <= amount <= AMOUNT_MAX
            assert amount == amount.quantize(Decimal("0.01"))


# --- random process steps by random roles ------------------------------------------------------

ROLES = list(Role)


def take(complaint, op, arg, role):
    session, actor = db.session, user_of(role)
    if op == "move":
        process.move(session, complaint, arg, actor, reason="原因")
    elif op == "dispatch":
        process.dispatch(session, complaint, actor, department("SH"))
    elif op == "investigate":
        process.start_investigation(session, complaint, actor, user_of(Role.ADVISOR))
    elif op == "fault":
        process.record_fault(session, complaint, actor, arg, "证据")
    elif op == "propose":
        kind, amount = arg
        authority.propose_remedy(session, complaint, actor, kind, Decimal(amount), "方案")
    elif op == "decide":
        pending = [r for r in complaint.remedies if r.status is RemedyStatus.PROPOSED]
        if pending:
            authority.decide_remedy(session, pending[0], actor, arg, "意见")
    elif op == "submit":
        process.submit_for_approval(session, complaint, actor, arg)
    elif op == "reply":
        process.reply_to_customer(session, complaint, actor, "客户接受")
    elif op == "callback":
        process.record_callback(session, complaint, actor, arg, "回访")


def snapshot(complaint) -> tuple:
    db.session.expire_all()
    return (
        complaint.status,
        len(complaint.transitions),
        sorted((r.id, r.status, r.amount) for r in complaint.remedies),
        complaint.reply_content,
        complaint.fault,
    )


def assert_valid(complaint) -> None:
    """What must hold whatever happened before."""
    transitions = sorted(complaint.transitions, key=lambda t: t.id)
    assert transitions[-1].to_status is complaint.status
    for before, after in zip(transitions, transitions[1:], strict=False):
        assert after.from_status is before.to_status  # one unbroken timeline
    reached = [t.to_status for t in transitions]
    for t in transitions:
        if t.to_status is Status.APPROVED:
            assert t.actor.role in MANAGERS
    if Status.REPLIED in reached:
        assert Status.APPROVED in reached[: reached.index(Status.REPLIED)]
    for remedy in complaint.remedies:
        assert remedy.amount >= 0
        if remedy.status is RemedyStatus.APPROVED:
            approver = remedy.approver
            assert approver is not None
            assert authority.can_grant(db.session, approver.role, remedy.kind, remedy.amount)
            if remedy.proposed_by_id != approver.id:
                assert approver.role in MANAGERS


# The main path, as (op, roles that may take it): the walk drifts along it with random detours.
MAIN_PATH = [
    ("dispatch", [Role.CLERK]),
    ("investigate", [Role.DEPT_MANAGER]),
    ("fault", [Role.ADVISOR]),
    ("propose", [Role.ADVISOR, Role.DEPT_MANAGER]),
    ("submit", [Role.ADVISOR]),
    ("decide", [Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER]),
    ("approve", [Role.SERVICE_MANAGER, Role.GENERAL_MANAGER]),
    ("reply", [Role.CLERK]),
    ("callback", [Role.CLERK]),
    ("close", [Role.CLERK]),
]
ARGS = {
    "move": st.sampled_from(list(Status)),
    "fault": st.sampled_from(list(Fault)),
    "propose": st.tuples(
        st.sampled_from(list(RemedyKind)),
        st.sampled_from(["0", "200", "500", "1999.99", "3000", "12000", "-5"]),
    ),
    "decide": st.booleans(),
    "submit": st.sampled_from(["", "同意补偿", "x" * 3000]),
    "callback": st.booleans(),
}


def draw_step(data, position: int):
    """The next main-path step by a plausible role, or anything by anyone."""
    if data.draw(st.booleans(), label="follow the main path"):
        op, roles = MAIN_PATH[min(position, len(MAIN_PATH) - 1)]
        role = data.draw(st.sampled_from(roles), label="role")
    else:
        op = data.draw(st.sampled_from([*ARGS, "dispatch", "investigate", "reply", "approve"]))
        role = data.draw(st.sampled_from(ROLES), label="role")
    if op == "approve":
        op, arg = "move", Status.APPROVED
    elif op == "close":
        op, arg = "move", Status.CLOSED
    else:
        arg = data.draw(ARGS[op], label="argument") if op in ARGS else None
    if op == "submit" and arg == "" and data.draw(st.booleans()):
        arg = "同意补偿"
    return op, arg, role


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_random_steps_by_random_roles_keep_the_complaint_valid(app, make_complaint, data):
    with app.test_request_context(), clock.travel_to(clock.now()):
        complaint = make_complaint()
        position = 0
        for _ in range(data.draw(st.integers(1, 14), label="steps")):
            op, arg, role = draw_step(data, position)
            before = snapshot(complaint)
            savepoint = db.session.begin_nested()
            try:
                take(complaint, op, arg, role)
                savepoint.commit()
                position += 1
            except RuleError as refusal:
                assert refusal.message
                savepoint.rollback()
                assert snapshot(complaint) == before  # a refusal saves nothing
            assert_valid(complaint)
        db.session.rollback()  # the next example starts from the demo organisation again


def test_the_main_path_of_the_walk_closes_a_complaint(app, make_complaint):
    """Following MAIN_PATH with its first role closes a complaint: the walk can go the whole
    way, so the property above covers approval, reply and callback too."""
    arguments = {
        "fault": Fault.OURS,
        "propose": (RemedyKind.COMPENSATION, "3000"),
        "decide": True,
        "submit": "同意补偿",
        "callback": True,
        "approve": Status.APPROVED,
        "close": Status.CLOSED,
    }
    with app.test_request_context():
        complaint = make_complaint()
        for op, roles in MAIN_PATH:
            name = "move" if op in ("approve", "close") else op
            take(complaint, name, arguments.get(op), roles[0] if op != "decide" else roles[1])
            assert_valid(complaint)
    assert complaint.status is Status.CLOSED


@pytest.mark.parametrize("amount", ["1e400", "NaN", "-0.001", "¥1,000.005", "　"])
def test_named_amount_edge_cases(app, amount):
    with app.test_request_context():
        kind, _ = validator_outcome(normalise_amount, amount)
    assert kind in ("ok", "refused")
