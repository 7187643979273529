"""Penalties made through the real process, for tests of this and other features.

``penalty_in_force(make_complaint, kind=…, status=…)`` gives a penalty of the notice kind
asked for (points, circular or major demerit), approved — and upheld or under appeal when
``status`` says so — on a complaint walked to a fault finding.
"""

from __future__ import annotations

from sqlalchemy import select

from panel.complaints import operations as process
from panel.complaints.enums import Fault, Status
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
from panel.penalties import operations
from panel.penalties.models import PenaltyKind, PenaltyStatus
from panel.penalties.schedule import Offence
from tests.conftest import department, user_of
from tests.factories import advance


def offence(code: str) -> Offence:
    return db.session.scalar(select(Offence).filter_by(code=code))


def sh_staff(index: int = 0) -> Staff:
    """A service-department employee without a login who manages no department."""
    return db.session.scalars(
        select(Staff)
        .where(
            Staff.department_id == department("SH").id,
            Staff.staff_no.like("E%"),
            Staff.id.not_in(select(User.staff_id).where(User.staff_id.is_not(None))),
            Staff.id.not_in(
                select(Department.manager_id).where(Department.manager_id.is_not(None))
            ),
        )
        .order_by(Staff.id)
    ).all()[index]


def driver(index: int = 0) -> Staff:
    return db.session.scalars(select(Staff).filter_by(is_driver=True).order_by(Staff.id)).all()[
        index
    ]


def complaint_at_fault(make_complaint, staff: Staff | None = None, **overrides):
    """A complaint about ``staff`` under investigation, its fault found ours, with evidence."""
    staff = staff or sh_staff()
    complaint = advance(make_complaint(complained_staff=staff, **overrides), Status.INVESTIGATING)
    process.record_fault(db.session, complaint, user_of(Role.ADVISOR), Fault.OURS, "监控与工单一致")
    return complaint


def penalty_in_force(
    make_complaint,
    kind: PenaltyKind = PenaltyKind.POINTS,
    status: PenaltyStatus = PenaltyStatus.APPROVED,
    points: int = 5,
    complaint=None,
    staff: Staff | None = None,
):
    """A penalty proposed by the department manager and decided by the service manager, in
    ``status`` (appeals filed by the clerk, decided by the general manager)."""
    staff = staff or sh_staff()
    complaint = complaint or complaint_at_fault(make_complaint, staff)
    # S01 (004 §九.1) always carries a circular; a points-only penalty needs another offence.
    code = _points_only_offence().code if kind is PenaltyKind.POINTS else "S01"
    penalty = operations.propose_penalty(
        db.session,
        complaint,
        staff,
        offence(code),
        points,
        "接待客户时态度冷淡，未按规定解释收费项目",
        user_of(Role.DEPT_MANAGER),
        major_demerit=kind is PenaltyKind.MAJOR_DEMERIT,
    )
    if status is PenaltyStatus.PROPOSED:
        return penalty
    approve = status is not PenaltyStatus.REJECTED
    operations.decide_penalty(
        db.session, penalty, user_of(Role.SERVICE_MANAGER), approve, "同意" if approve else "驳回"
    )
    if status in (PenaltyStatus.APPEALED, PenaltyStatus.UPHELD, PenaltyStatus.REVOKED):
        appeal = operations.file_appeal(db.session, penalty, user_of(Role.CLERK), "请求复核")
        if status is not PenaltyStatus.APPEALED:
            operations.decide_appeal(
                db.session,
                appeal,
                user_of(Role.GENERAL_MANAGER),
                status is PenaltyStatus.UPHELD,
                "经复核",
            )
    assert penalty.kind is kind and penalty.status is status
    return penalty


def _points_only_offence() -> Offence:
    """A staff offence whose circular is case by case (made by the administrator)."""
    from panel.core.actor import acting_as
    from panel.penalties.schedule import OffenceScope, Requirement

    row, admin = offence("T01"), user_of(Role.ADMIN)
    if row is None:
        row = Offence(
            code="T01",
            name="未按规定解释收费项目",
            scope=OffenceScope.STAFF,
            min_points=5,
            max_points=15,
            demerit=Requirement.OPTIONAL,
            circular=Requirement.OPTIONAL,
        )
        db.session.add(row)
        with acting_as(admin):
            db.session.flush()
    return row
