"""The process panel of a complaint page: the steps the user may take, remedies, fault,
callbacks and the timeline. Every POST goes through the rules; a refusal re-shows the page with
the user's input and the reason."""

from __future__ import annotations

import random
import sqlite3
import time
from decimal import Decimal

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from panel.access.roles import HANDLERS, MANAGERS, PROPOSERS
from panel.complaints import operations as process
from panel.complaints.enums import Fault, Status
from panel.complaints.models import Complaint
from panel.complaints.rules import lifecycle
from panel.complaints.rules.deadlines import is_overdue
from panel.core import clock
from panel.core.audit.models import AuditEntry
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.validation import normalise_amount
from panel.organisation.models.department import Department
from panel.organisation.models.user import User
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind, RemedyStatus


def _text(name: str) -> str | None:
    value = request.form.get(name, "").strip()
    return value or None


def _choice(enum, name: str):
    """The enum member the form names in ``name``, None when empty; a forged value is a 400."""
    value = request.form.get(name) or None
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        abort(
            400,
            description=_("“%(value)s” is not one of the choices of this form.", value=value[:40]),
        )


def _active_row(session, model, name: str):
    """The active row the form names by id in ``name``; None for an empty, unknown, malformed
    (text, a 20-digit number) or inactive one — never sent to the database as it came."""
    value = request.form.get(name, "")
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        return None
    row = session.get(model, int(value))
    return row if row is not None and getattr(row, "active", True) else None


def _dispatch(session, complaint: Complaint, actor: User) -> None:
    department = _active_row(session, Department, "department_id")
    if department is None:
        raise RuleError(
            _("Choose the responsible department before dispatching."), "responsible_department"
        )
    process.dispatch(session, complaint, actor, department)


def _investigate(session, complaint: Complaint, actor: User) -> None:
    if complaint.status is not Status.DISPATCHED:  # resuming an investigation: a plain move
        process.move(session, complaint, Status.INVESTIGATING, actor, reason=_text("reason"))
        return
    handler = _active_row(session, User, "handler_id")
    if handler is None:
        raise RuleError(_("Choose the handler (responsible person) first."), "handler")
    process.start_investigation(session, complaint, actor, handler)


def _submit(session, complaint: Complaint, actor: User) -> None:
    process.submit_for_approval(session, complaint, actor, _text("reply") or "")


def _reply(session, complaint: Complaint, actor: User) -> None:
    process.reply_to_customer(session, complaint, actor, _text("opinion"))


def _close_invalid(session, complaint: Complaint, actor: User) -> None:
    process.close_as_invalid(session, complaint, actor, _text("reply") or "", _text("reason") or "")


# The moves that need more than a reason; every other target is a plain move.
MOVES = {
    Status.DISPATCHED: _dispatch,
    Status.INVESTIGATING: _investigate,
    Status.AWAITING_APPROVAL: _submit,
    Status.REPLIED: _reply,
    Status.INVALID: _close_invalid,
}


def _move(session, complaint: Complaint, actor: User) -> None:
    target = _choice(Status, "target")
    if target is None:
        abort(400)
    if target in MOVES:
        MOVES[target](session, complaint, actor)
    else:
        process.move(session, complaint, target, actor, reason=_text("reason"))


def _callback(session, complaint: Complaint, actor: User) -> None:
    satisfied = request.form.get("satisfied") == "yes"
    process.record_callback(session, complaint, actor, satisfied, _text("comment"))


def _fault(session, complaint: Complaint, actor: User) -> None:
    fault = _choice(Fault, "fault")
    if fault is None:
        raise RuleError(_("Choose the fault attribution."), "fault")
    process.record_fault(session, complaint, actor, fault, _text("evidence") or "")


def _propose(session, complaint: Complaint, actor: User) -> str:
    amount = normalise_amount(_("Amount (¥)"), request.form.get("amount") or "0")
    kind = _choice(RemedyKind, "kind")
    if kind is None:
        raise RuleError(_("Choose the remedy kind."), "kind")
    description = _text("description") or ""
    remedy = authority.propose_remedy(
        session, complaint, actor, kind, amount or Decimal("0"), description
    )
    return _("Remedy recorded: %(status)s.", status=remedy.status.label)


def _decide(session, complaint: Complaint, actor: User) -> None:
    wanted = request.form.get("remedy_id", type=int)
    remedy = next((r for r in complaint.remedies if r.id == wanted), None)
    if remedy is None:
        abort(404)
    if remedy.status is not RemedyStatus.PROPOSED:  # decided meanwhile, from another page
        raise RuleError(
            _(
                "This remedy was already decided (%(status)s) and can no longer change.",
                status=remedy.status.label,
            )
        )
    approve = request.form.get("decision") == "approve"
    authority.decide_remedy(session, remedy, actor, approve, _text("comment"))


# What each ``op`` of the process panel's forms does.
STEPS = {
    "move": _move,
    "callback": _callback,
    "fault": _fault,
    "propose": _propose,
    "decide": _decide,
}


def take_step(complaint: Complaint, actor: User) -> str | None:
    """Carry out the step the form names (``op``); raises RuleError when a rule refuses.
    Returns what to tell the user beyond the new status, if anything."""
    handler = STEPS.get(request.form.get("op", ""))
    if handler is None:
        abort(400, description=_("The form names no step of the process."))
    return handler(db.session, complaint, actor)


def panel_context(complaint: Complaint, actor: User) -> dict:
    """What the process panel shows to this user."""
    session = db.session
    steps = lifecycle.allowed_steps(session, complaint, actor)
    targets = {target for _step, target in steps}
    handlers = departments = []  # the choices of the dispatch and assignment steps, if offered
    if Status.INVESTIGATING in targets and complaint.status is Status.DISPATCHED:
        handlers = session.scalars(
            select(User).where(User.role.in_(HANDLERS), User.active.is_(True)).order_by(User.id)
        ).all()
    if Status.DISPATCHED in targets:
        departments = session.scalars(
            select(Department).where(Department.active.is_(True)).order_by(Department.code)
        ).all()
    audit = session.scalars(
        select(AuditEntry).where(AuditEntry.complaint_id == complaint.id).order_by(AuditEntry.id)
    ).all()
    return {
        "steps": steps,
        "Status": Status,
        "handlers": [
            h for h in handlers if not (h.staff_id and h.staff_id == complaint.complained_staff_id)
        ],
        "departments": departments,
        "remedy_kinds": list(RemedyKind),
        "faults": list(Fault),
        "may_propose": actor.role in PROPOSERS and complaint.status in authority.PROPOSING_STATUSES,
        "may_decide": actor.role in MANAGERS,
        "may_record_fault": complaint.status not in (Status.CLOSED, Status.INVALID)
        and (
            actor.role in MANAGERS or (actor.role in HANDLERS and complaint.handler_id == actor.id)
        ),
        "overdue": is_overdue(complaint, clock.now()),
        "audit_entries": audit,
        "posted": request.form if request.method == "POST" else {},
    }


# A step that met another user's write of the same complaint is taken again on the fresh row.
ATTEMPTS = 3


def _collided(exc: Exception) -> bool:
    """Whether ``exc`` is another user's write of the same rows at the same moment: the row's
    version moved on (``StaleDataError``), PostgreSQL gave up a deadlock or serialization, or
    SQLite found the database locked by the other writer."""
    if isinstance(exc, StaleDataError):
        return True
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.OperationalError):
        return "locked" in str(orig)
    return getattr(orig, "sqlstate", None) in ("40001", "40P01")


def handle_step_post(view, complaint_id: int):
    """POST endpoint body: take the step, or re-show the page with the reason and the input.

    Two users acting on the same complaint at the same moment (two proposals, say) both
    succeed: the later one meets the earlier one's new row version, and is taken again from
    the fresh row, through all the rules again — a step no longer allowed is then refused."""
    actor = current_user._get_current_object()
    for attempt in range(1, ATTEMPTS + 1):
        complaint = view.get_one(str(complaint_id))
        if complaint is None:
            abort(404)
        before = complaint.status
        try:
            message = take_step(complaint, actor)
            db.session.commit()
            break
        except RuleError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            complaint = view.get_one(str(complaint_id))
            return view.render_details(complaint, status=422)
        except DBAPIError as exc:
            if not _collided(exc):
                raise
            db.session.rollback()
        except StaleDataError:
            db.session.rollback()
        if attempt == ATTEMPTS:
            flash(
                _(
                    "Someone else changed this complaint at the same moment; check the page "
                    "and take the step again."
                ),
                "error",
            )
            return view.render_details(view.get_one(str(complaint_id)), status=422)
        time.sleep(random.uniform(0.02, 0.1) * attempt)  # let the other write finish
    if message:
        flash(message, "success")
    if complaint.status is not before:
        flash(
            _(
                "Done: %(number)s is now %(status)s.",
                number=complaint.number,
                status=complaint.status.label,
            ),
            "success",
        )
    elif not message:  # a remedy decided, a fault recorded: the status did not move
        flash(
            _(
                "Saved; %(number)s stays %(status)s.",
                number=complaint.number,
                status=complaint.status.label,
            ),
            "success",
        )
    return redirect(_local_next() or url_for(".details_view", id=complaint.id))


def _local_next() -> str | None:
    """Where the form asked to return (the approval screen), if it stays in the panel."""
    target = request.form.get("next", "")
    return target if target.startswith("/admin/") and "//" not in target else None
