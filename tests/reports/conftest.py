"""A small month counted by hand: October 2026, with the edge cases the figures must handle.

Rows are written with plain INSERTs, as the database holds them after the process ran: the
report queries read history, they do not replay it. The expected figures are in test_figures.
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import insert

from panel.complaints.enums import Category, Channel, Severity, Status
from panel.complaints.history import Callback, ComplaintTransition
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.organisation.models.staff import Staff
from panel.reports.models import IntakeKind, MonthlyIntake
from tests.fixtures.people import department

C, S = Channel, Status


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"2026-{text}")


def add_complaint(number: str, received: str, channel, category, dept, status, **extra) -> int:
    values = dict(
        number=number,
        received_at=at(received),
        channel=channel,
        complainant_name="测试",
        complainant_phone="13812345678",
        content="测试投诉",
        category=category,
        severity=extra.pop("severity", Severity.GENERAL),
        complained_department_id=dept.id,
        status=status,
        **extra,
    )
    return db.session.execute(insert(Complaint).values(**values).returning(Complaint.id)).scalar()


def add_step(complaint_id, old, new, when, due=None, on_time=None) -> None:
    db.session.execute(
        insert(ComplaintTransition).values(
            complaint_id=complaint_id,
            from_status=old,
            to_status=new,
            at=at(when),
            due_at=at(due) if due else None,
            on_time=on_time,
        )
    )


def add_callback(complaint_id, when, satisfied) -> None:
    db.session.execute(
        insert(Callback).values(complaint_id=complaint_id, at=at(when), satisfied=satisfied)
    )


def add_intake(month: date, count: int, site="总店", kind=IntakeKind.VEHICLES_TAKEN_IN, dept=None):
    db.session.add(MonthlyIntake(month=month, site=site, count=count, kind=kind, department=dept))
    db.session.flush()


@pytest.fixture
def october():
    """Nine complaints received in October 2026, one each side of the month, and their steps."""
    sh, xs = department("SH"), department("XS")
    sh_staff = db.session.scalars(
        db.select(Staff).filter_by(department_id=sh.id).order_by(Staff.id)
    ).all()
    xs_staff = db.session.scalars(db.select(Staff).filter_by(department_id=xs.id)).first()
    ids = {}
    ids[1] = add_complaint(  # closed in 3 days
        "R-01", "10-02 09:00", C.HOTLINE, Category.REPAIR_QUALITY, sh, S.CLOSED,
        closed_at=at("10-05 09:00"), complained_staff_id=sh_staff[0].id,
    )  # fmt: skip
    ids[2] = add_complaint(  # closed exactly seven days later: within the week
        "R-02", "10-03 10:00", C.HOTLINE, Category.REPAIR_QUALITY, sh, S.CLOSED,
        severity=Severity.MAJOR, closed_at=at("10-10 10:00"), complained_staff_id=sh_staff[0].id,
    )  # fmt: skip
    ids[3] = add_complaint(  # one second late
        "R-03", "10-04 10:00", C.WECHAT, Category.PRICING, sh, S.CLOSED,
        closed_at=at("10-11 10:00:01"), complained_staff_id=sh_staff[0].id,
    )  # fmt: skip
    ids[4] = add_complaint(  # closed in two days, reopened, dispatched again: not closed
        "R-04", "10-05 08:00", C.ON_SITE, Category.SERVICE_ATTITUDE, xs, S.DISPATCHED,
        reopen_count=1, complained_staff_id=xs_staff.id,
    )  # fmt: skip
    ids[5] = add_complaint(  # reopened and closed again after 14 days
        "R-05", "10-06 12:00", C.HOTLINE, Category.REPAIR_QUALITY, sh, S.CLOSED,
        reopen_count=1, closed_at=at("10-20 12:00"), complained_staff_id=sh_staff[0].id,
    )  # fmt: skip
    ids[6] = add_complaint(  # invalid: closed, but not a valid complaint
        "R-06", "10-10 10:30", C.WEBSITE, Category.OTHER, xs, S.INVALID,
        closed_at=at("10-10 11:00"),
    )  # fmt: skip
    ids[7] = add_complaint(  # against sales, handled by after-sales; investigation overdue
        "R-07", "10-15 09:00", C.HOTLINE, Category.DELAY, xs, S.INVESTIGATING,
        responsible_department_id=sh.id, step_due_at=at("10-16 09:00"),
    )  # fmt: skip
    ids[8] = add_complaint(  # the last second of the month
        "R-08", "10-31 23:59:59", C.REGULATOR, Category.REPAIR_QUALITY, sh, S.CLOSED,
        severity=Severity.SPECIAL_MAJOR, closed_at=at("11-02 10:00"),
        complained_staff_id=sh_staff[1].id,
    )  # fmt: skip
    ids[9] = add_complaint(  # November: outside
        "R-09", "11-01 00:00", C.HOTLINE, Category.REPAIR_QUALITY, sh, S.REGISTERED,
    )  # fmt: skip
    ids[10] = add_complaint(  # September: outside
        "R-10", "09-30 23:59:59", C.HOTLINE, Category.REPAIR_QUALITY, sh, S.CLOSED,
        closed_at=at("10-01 10:00"),
    )  # fmt: skip
    ids[11] = add_complaint(  # nobody dispatched it: a late response
        "R-11", "10-20 00:00", C.HOTLINE, Category.REPAIR_QUALITY, sh, S.REGISTERED,
        step_due_at=at("10-20 00:30"),
    )  # fmt: skip

    add_step(ids[1], None, S.REGISTERED, "10-02 09:05", "10-02 09:10", True)
    add_step(ids[1], S.REGISTERED, S.DISPATCHED, "10-02 09:20", "10-02 09:40", True)
    add_step(ids[1], S.DISPATCHED, S.INVESTIGATING, "10-02 10:00", "10-02 11:20", True)
    add_step(ids[2], S.REGISTERED, S.DISPATCHED, "10-03 11:00", "10-03 10:40", False)
    add_step(ids[3], S.REGISTERED, S.DISPATCHED, "10-04 10:30", "10-04 10:40", True)
    add_step(ids[6], S.REGISTERED, S.INVALID, "10-10 11:00", "10-10 11:30", True)
    add_step(ids[4], S.CLOSED, S.REOPENED, "10-09 10:00")  # no deadline: not counted
    add_step(ids[4], S.REOPENED, S.DISPATCHED, "10-09 12:00", "10-09 11:00", False)
    add_step(ids[8], S.REGISTERED, S.DISPATCHED, "11-01 00:10", "11-01 00:30", True)  # November
    add_step(ids[10], S.REGISTERED, S.DISPATCHED, "09-30 23:59:59", "10-01 00:20", True)

    add_callback(ids[1], "10-04 10:00", True)
    add_callback(ids[2], "10-09 10:00", True)
    add_callback(ids[3], "10-10 10:00", False)
    add_callback(ids[8], "11-01 10:00", True)  # November
    db.session.flush()
    return SimpleNamespace(ids=ids, sh=sh, xs=xs, sh_staff=sh_staff, xs_staff=xs_staff)
