"""The facts a message is written from: an outbox event and the rows it names, as the plain
dict :func:`panel.notifications.texts.render` takes.

Customers' phone numbers go in only masked (``138****5678``), for every recipient: staff
messages travel through mail boxes, phones and group chats.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from panel.access.privacy import mask_phone
from panel.complaints.models import Complaint
from panel.complaints.rules.deadlines import STEP_OF_STATUS
from panel.notifications.enums import EventKind
from panel.notifications.models import NotificationEvent
from panel.notifications.routing import payload_of
from panel.organisation.models.sla import SlaStep
from panel.organisation.models.user import Role
from panel.penalties.models import Penalty
from panel.remedies.models import Remedy

K = EventKind
# Where each event's link leads (others: the complaint's page).
LINKS = {
    K.APPROVAL_REQUESTED: "approval.index_view",
    K.PENALTY_DECIDED: "penalty.details_view",
    K.WEEKLY_SUMMARY: "reports.index",
    K.MONTHLY_SUMMARY: "reports.index",
    K.PENDING_REVIEW: "ledger.index_view",
}


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def complaint_facts(complaint: Complaint) -> dict:
    """What every complaint message may show."""
    department = complaint.responsible_department or complaint.complained_department
    flags = [str(Complaint.__table__.c[name].info["label"]) for name in complaint.flags]
    return {
        "complaint_no": complaint.number,
        "customer_name": complaint.complainant_name,
        "masked_phone": mask_phone(complaint.complainant_phone) or "",
        "category": str(complaint.category.label),
        "severity": str(complaint.severity.label),
        "department": department.name if department else "",
        "assignee": complaint.handler.display_name if complaint.handler else "",
        "summary": complaint.content,
        "due_at": complaint.step_due_at,
        "received_at": complaint.received_at,
        "location": complaint.trip_route or complaint.complainant_address or "",
        "registered_by": complaint.recorded_by.display_name if complaint.recorded_by else "",
        "urgency_reason": "、".join(flags),
        "regulator": complaint.regulator_name or "",
    }


def target(event: NotificationEvent) -> tuple[str, dict] | None:
    """The endpoint and arguments of the page the message points to."""
    if event.kind is K.APPROVAL_REQUESTED and payload_of(event).get("penalty"):
        return "penalty.details_view", {"id": event.subject_id}
    endpoint = LINKS.get(event.kind, "complaint.details_view")
    if endpoint == "complaint.details_view":
        if event.complaint_id is None:
            return None
        return endpoint, {"id": event.complaint_id}
    if endpoint == "penalty.details_view":
        return endpoint, {"id": event.subject_id}
    return endpoint, {}


def link(event: NotificationEvent) -> str | None:
    """The absolute address of that page (needs ``NOTIFY_BASE_URL``)."""
    base = current_app.config.get("NOTIFY_BASE_URL")
    found = target(event)
    if not base or found is None:
        return None
    endpoint, values = found
    with current_app.test_request_context(base_url=base.rstrip("/")):
        return url_for(endpoint, _external=True, **values)


def build(session: Session, event: NotificationEvent, now: datetime) -> dict:
    """The context of ``event`` for its message template."""
    payload = payload_of(event)
    ctx: dict = complaint_facts(event.complaint) if event.complaint is not None else {}
    ctx["url"] = link(event)
    kind = event.kind
    if kind is K.DISPATCHED:
        ctx["dispatched_by"] = _latest_actor(event.complaint)
    elif kind is K.ASSIGNED:
        ctx["assigned_by"] = _latest_actor(event.complaint)
    elif kind is K.APPROVAL_REQUESTED:
        _approval(session, event, payload, ctx)
    elif kind in (K.DUE_SOON, K.OVERDUE, K.REGULATOR_REPLY_DUE):
        ctx["due_at"] = _datetime(payload.get("due_at")) or ctx.get("due_at")
        step = payload.get("step")
        ctx["step"] = str(SlaStep(step).label) if step else _step_label(event.complaint)
        if ctx["due_at"]:
            ctx["remaining" if kind is K.DUE_SOON else "overdue_by"] = abs(ctx["due_at"] - now)
    elif kind.tier is not None:
        ctx["tier"] = kind.tier
        ctx["reason"] = _reason(payload.get("reason"))
    elif kind is K.PENALTY_DECIDED:
        _penalty(session, event, ctx)
    elif kind is K.CUSTOMER_RECEIPT:
        _receipt(session, event.complaint, ctx)
    elif kind is K.CUSTOMER_SURVEY:
        _survey(session, event.complaint, ctx)
    elif kind in (K.WEEKLY_SUMMARY, K.MONTHLY_SUMMARY, K.PENDING_REVIEW):
        ctx.update(payload)
        ctx["oldest_since"] = _datetime(payload.get("oldest_since"))
        ctx["attachment_name"] = event.attachment_name
    return ctx


def _receipt(session: Session, complaint: Complaint | None, ctx: dict) -> None:
    """The complainant's receipt links to the public progress lookup, not to the panel, and
    names the date the reply is expected by."""
    from panel.public.links import base_url, track_url

    if complaint is None:
        raise LookupError("the complaint of the receipt is gone")
    ctx["url"] = track_url(session, complaint.number) if base_url(session) else None
    ctx["reply_due"] = complaint.resolve_due_at


def _survey(session: Session, complaint: Complaint | None, ctx: dict) -> None:
    """A new one-time survey link for the complainant (none without a public address: the
    text would have nothing to open)."""
    from panel.organisation.settings import get_setting
    from panel.public.links import base_url, survey_url
    from panel.public.operations import invite

    if complaint is None:
        raise LookupError("the complaint of the survey is gone")
    if not base_url(session):
        raise ValueError("no public address (public.base_url or NOTIFY_BASE_URL) for the link")
    ctx["url"] = survey_url(session, invite(session, complaint, "sms"))
    ctx["valid_days"] = get_setting(session, "public.survey_valid_days")


def _latest_actor(complaint: Complaint | None) -> str:
    if complaint is None or not complaint.transitions:
        return ""
    actor = complaint.transitions[-1].actor
    return actor.display_name if actor else ""


def _step_label(complaint: Complaint | None) -> str:
    step = STEP_OF_STATUS.get(complaint.status) if complaint is not None else None
    return str(step.label) if step else ""


def _reason(reason: str | None) -> str:
    reasons = {
        "severity": _("the nature of the complaint (severity, media, lawsuit or demand)"),
        "time": _("unresolved for the time the tier allows"),
    }
    return reasons.get(reason or "", reason or "")


def _approval(session: Session, event: NotificationEvent, payload: dict, ctx: dict) -> None:
    role = payload.get("role")
    ctx["role"] = str(Role(role).label) if role else str(Role.DEPT_MANAGER.label)
    if payload.get("penalty"):
        _penalty_proposal(session, event, ctx)
        return
    remedy = session.get(Remedy, event.subject_id) if event.subject_id else None
    if remedy is not None:
        ctx["proposal"] = f"{remedy.kind.label}：{remedy.description}"
        ctx["amount"] = remedy.amount
        ctx["requested_by"] = remedy.proposed_by.display_name if remedy.proposed_by else ""
    else:
        ctx["proposal"] = (event.complaint.reply_content or "") if event.complaint else ""


def _penalty_proposal(session: Session, event: NotificationEvent, ctx: dict) -> None:
    penalty = session.get(Penalty, event.subject_id)
    if penalty is None:
        raise LookupError(f"penalty {event.subject_id} is gone")
    parts = [penalty.offence.name] if penalty.offence is not None else []
    if penalty.points:
        parts.append(_("%(points)d points", points=penalty.points))
    if penalty.major_demerit:
        parts.append(_("major demerit"))
    ctx.update(
        subject=_("penalty proposal"),
        due_at=None,  # the complaint's step deadline is not the proposal's
        staff_name=penalty.staff.name,
        department=penalty.staff.department.name,
        penalty_proposal="，".join(parts),
        requested_by=penalty.proposed_by.display_name if penalty.proposed_by else "",
    )


def _penalty(session: Session, event: NotificationEvent, ctx: dict) -> None:
    penalty = session.get(Penalty, event.subject_id)
    if penalty is None:
        return
    parts = [str(penalty.status.label)]
    if penalty.offence is not None:
        parts.append(penalty.offence.name)
    if penalty.major_demerit:
        parts.append(_("major demerit"))
    ctx.update(
        staff_name=penalty.staff.name,
        department=penalty.staff.department.name,
        decision="，".join(parts),
        points=penalty.points or "",
        decided_by=penalty.approver.display_name if penalty.approver else "",
        decided_at=penalty.decided_at,
        notice_scope=_("company-wide circular") if penalty.circular else "",
    )
