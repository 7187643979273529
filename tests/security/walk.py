"""The URL walk of the authorization test: every rule of the URL map, its parameters filled
from fixture rows, requested by one client as one role (or anonymous)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, select

from panel.complaints.attachments import add_attachment
from panel.complaints.evidence import Attachment
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.notices import settings as notice_settings
from panel.notices.batch import start_batch
from panel.notices.kinds import NoticeKind
from panel.notices.models import NoticeBatch
from panel.notices.rules import issue_notice
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.penalties.models import PenaltyKind, PenaltyStatus
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind
from tests.fixtures.people import department, user_of

DATA_ACTIONS = ("insert", "update", "delete")


@dataclass(frozen=True)
class Request:
    endpoint: str
    method: str
    url: str


def build_world(make_complaint, storage: Path) -> dict:
    """One of everything a URL can name, around one complaint of 售后服务部 (in every
    department role's scope) awaiting approval: a remedy paid first and its recovery, the
    responsible person, an approved and appealed penalty, a commendation, an issued notice, a
    batch print, an evidence photo and a month's intake figure."""
    from tests.complaints.test_attachments import png
    from tests.fixtures.penalties import penalty_in_force, sh_staff
    from tests.reports.conftest import add_intake

    session = db.session
    clerk, advisor = user_of(Role.CLERK), user_of(Role.ADVISOR)
    manager, director = user_of(Role.DEPT_MANAGER), user_of(Role.SERVICE_MANAGER)
    notice_settings.save_settings(session, {notice_settings.COMPANY_NAME: "成都锦程汽车服务"})
    penalty = penalty_in_force(
        make_complaint, kind=PenaltyKind.POINTS, status=PenaltyStatus.APPROVED
    )
    complaint, staff = penalty.complaint, penalty.staff
    operations.file_appeal(session, penalty, clerk, "当时客户情绪激动，已尽力解释")
    operations.name_responsible(session, complaint, staff, manager, "漏装卡扣")
    operations.record_commendation(session, sh_staff(1), clerk, "耐心细致", complaint=complaint)
    paid = authority.propose_remedy(
        session, complaint, manager, RemedyKind.PAY_FIRST, Decimal("800"), "先行赔付"
    )
    operations.open_recovery(session, paid, staff, Decimal("200"), director)
    authority.propose_remedy(
        session, complaint, advisor, RemedyKind.COMPENSATION, Decimal("3000"), "补偿误工费"
    )
    add_intake(date(2026, 10, 1), 1200, dept=department("SH"))
    notice = issue_notice(session, NoticeKind.REGISTRATION, complaint, clerk)
    start_batch(session, [complaint.id], clerk)
    current_app.config["ATTACHMENT_ROOT"] = str(storage)
    add_attachment(session, complaint, clerk, "现场.png", png())
    session.commit()
    return {"complaint_id": complaint.id, "notice_id": notice.id, "staff_id": staff.id}


def _first_bell_item() -> int:
    from panel.notifications.models import NotificationDelivery

    found = db.session.scalar(
        select(func.min(NotificationDelivery.id)).where(NotificationDelivery.channel == "panel")
    )
    return found or 0


def first_row_id(view, world) -> str | None:
    """The id of a row the view shows: the world's complaint's own row where there is one."""
    model = view.model
    complaint_id = world["complaint_id"]
    query = select(model)
    if model.__name__ == "Complaint":
        return str(complaint_id)
    if "complaint_id" in model.__table__.columns:
        query = query.where(model.complaint_id == complaint_id)
    row = (
        db.session.scalars(query.limit(1)).first()
        or db.session.scalars(select(model).limit(1)).first()
    )
    if row is None:
        return None
    return view.get_pk_value(row)


def requests(app: Flask, world: dict) -> list[Request]:
    """One request per rule and method, with its URL parameters filled in."""
    admin = app.extensions["admin"][0]
    views = {view.endpoint: view for view in admin._views}
    values = {
        "complaint_id": world["complaint_id"],
        "notice_id": world["notice_id"],
        "batch_id": db.session.scalar(select(func.max(NoticeBatch.id))),
        "attachment_id": db.session.scalar(select(func.max(Attachment.id))),
        "delivery_id": _first_bell_item(),  # an in-panel notification (panel.notifications)
        "staff_id": world["staff_id"],
        "export_type": "csv",
        "code": "en",
        "filename": "admin/js/helpers.js",
        # the customer pages and the work-order API (panel.public, panel.intake)
        "token": "not-a-survey-token",
        "source": "12345",
        "ticket_no": "GD-0000",
        "upload_id": 1,
    }
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith("static") and rule.endpoint != "admin.static":
            continue
        url = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        prefix = rule.endpoint.split(".")[0]
        view = views.get(prefix)
        name = rule.endpoint.split(".", 1)[-1]
        if view is not None and hasattr(view, "model") and name in ("details_view", "edit_view"):
            row = first_row_id(view, world)
            url += f"?id={row}" if row else "?id=0"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append(Request(rule.endpoint, method, url))
    # GETs first, then changes, deletions last, logging out at the very end.
    return sorted(
        out,
        key=lambda r: (r.endpoint == "auth.logout", r.method, "delete" in r.endpoint, r.endpoint),
    )


def action_rows(app: Flask, view_endpoint: str, world: dict) -> list[tuple[str, str]]:
    """The bulk actions of a model view, each with the world's row to apply it to."""
    admin = app.extensions["admin"][0]
    view = next(v for v in admin._views if v.endpoint == view_endpoint)
    row = first_row_id(view, world)
    return [(name, row) for name, _ in getattr(view, "_actions", [])] if row else []


def answer(response) -> str:
    """The status, and for a redirect whether it goes to the login page."""
    location = response.headers.get("Location", "")
    if not location:
        return str(response.status_code)
    return f"{response.status_code}>{'login' if location.startswith('/login') else 'other'}"


@contextlib.contextmanager
def rolled_back():
    """Run a block against the current data and undo everything it did afterwards, whatever
    the views commit (their commits release savepoints inside this one)."""
    db.session.commit()
    connection = db.session.get_bind()  # the test's connection; the session stays idle
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        db.session.close()
        savepoint.rollback()


def data_changes() -> int:
    """Audit rows of data changes so far (refusals are audited too, but are not changes)."""
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action.in_(DATA_ACTIONS))
    )
