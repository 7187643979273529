"""The case file: what the complaint page shows beyond the record and the process panel —
deadlines with time left, callbacks, penalties, notices issued, evidence files — and the
complaint-page endpoints for revealing a phone number and for evidence files.

Every endpoint finds the complaint through the complaint view's ``get_one``, which applies the
department scope, exactly like the process steps.
"""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from panel.access import reveal as privacy
from panel.access.fields import hidden_fields
from panel.access.privacy import sees_full_phone
from panel.access.roles import MANAGERS, REGISTRARS, REMEDY_READERS, REVIEWERS
from panel.complaints import attachments, progress, sections
from panel.complaints.evidence import Attachment
from panel.complaints.models import Complaint
from panel.complaints.queues import remedies_awaiting, why_not_mine
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.penalties.models import Penalty
from panel.remedies.models import Remedy, RemedyStatus
from panel.worktime.display import clock_rows

UPLOADERS = REGISTRARS  # clerk, advisor and managers; the auditor and the admin only read


def deadlines(complaint: Complaint, now: datetime) -> list[dict]:
    """The complaint's due times with what is left of them while they run, the pause on the
    customer, the reply owed to a regulator and the out-of-hours mark (panel.worktime)."""
    return clock_rows(db.session, complaint, now)


def _notices(complaint: Complaint, role) -> list:
    """Notices issued for the complaint, when the notices archive is installed and readable."""
    try:
        from panel.notices.kinds import ARCHIVE_ROLES
        from panel.notices.models import Notice
    except ImportError:  # pragma: no cover - the notices package is optional here
        return []
    if role not in ARCHIVE_ROLES:
        return []
    return db.session.scalars(
        select(Notice)
        .where(Notice.complaint_id == complaint.id)
        .order_by(Notice.issued_at, Notice.id)
    ).all()


def _decisions(complaint: Complaint, user) -> tuple[set[int], dict[int, str]]:
    """The proposals this manager may decide here, and why not for the others."""
    proposed = [r for r in complaint.remedies if r.status is RemedyStatus.PROPOSED]
    if not proposed or user.role not in MANAGERS:
        return set(), {}
    mine = {r.id for r in remedies_awaiting(db.session, user, complaint.id)}
    return mine, {r.id: why_not_mine(db.session, r, user) for r in proposed if r.id not in mine}


def casefile_context(complaint: Complaint) -> dict:
    """What the case-file sections of the complaint page show to the current user."""
    user = current_user._get_current_object()
    now = clock.now()
    penalties = []
    if user.role in REVIEWERS:
        penalties = db.session.scalars(
            select(Penalty).where(Penalty.complaint_id == complaint.id).order_by(Penalty.id)
        ).all()
    decidable, why_not = _decisions(complaint, user)
    return {
        "now": now,
        "decidable": decidable,
        "why_not": why_not,
        "deadlines": deadlines(complaint, now),
        "callbacks": complaint.callbacks,
        "penalties": penalties,
        "show_penalties": user.role in REVIEWERS,
        "notices": _notices(complaint, user.role),
        "attachments": db.session.scalars(
            select(Attachment)
            .where(Attachment.complaint_id == complaint.id)
            .order_by(Attachment.uploaded_at, Attachment.id)
        ).all(),
        "may_upload": user.role in UPLOADERS,
        "max_upload": attachments.human_size(
            attachments.get_setting(db.session, "attachments.max_bytes")
        ),
        "show_remedies": user.role in REMEDY_READERS,
        "phone_masked": not sees_full_phone(user.role),
        "may_reveal_phone": privacy.may_reveal(user.role) and bool(complaint.complainant_phone),
        "revealed_phone": complaint.complainant_phone
        if g.get("revealed_phone_of") == complaint.id
        else None,
        "inline_types": attachments.INLINE_TYPES,
        # Fields the role does not see are not shown in the audit trail's changes either.
        "audit_hidden": hidden_fields(user.role, Complaint) | hidden_fields(user.role, Remedy),
    }


def layout(complaint: Complaint, columns, get_value) -> dict:
    """The case file's header card, progress bar and grouped fields (empty ones left out)."""
    now = clock.now()
    return {
        "header": progress.header(complaint, now),
        "stages": progress.stages(complaint, now),
        # The view's value of a field (formatters, phone masking); no template context needed.
        "sections": sections.sections(complaint, columns, lambda m, key: get_value(None, m, key)),
    }


# --- endpoints of the complaint view ---------------------------------------------------------


def _complaint_or_404(view, complaint_id: int) -> Complaint:
    complaint = view.get_one(str(complaint_id))
    if complaint is None:
        abort(404)
    return complaint


def reveal_phone(view, complaint_id: int):
    """Show the full number once, and record that this user read it."""
    complaint = _complaint_or_404(view, complaint_id)
    user = current_user._get_current_object()
    if not privacy.may_reveal(user.role):
        abort(403)
    privacy.record_phone_read(db.session, complaint, user)
    db.session.commit()
    g.revealed_phone_of = complaint.id
    return view.render_details(complaint)


def upload_attachment(view, complaint_id: int):
    complaint = _complaint_or_404(view, complaint_id)
    user = current_user._get_current_object()
    if user.role not in UPLOADERS:
        abort(403)
    upload = request.files.get("file")
    limit = attachments.get_setting(db.session, "attachments.max_bytes")
    stored = None
    try:
        data = attachments.read_limited(upload.stream, limit, upload.filename) if upload else b""
        stored = attachments.add_attachment(
            db.session, complaint, user, upload.filename if upload else "", data
        )
        db.session.commit()
    except RuleError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".details_view", id=complaint_id))
    except Exception:
        db.session.rollback()
        if stored is not None:
            attachments.discard_file(stored)
        raise
    flash(_("%(name)s was added to the case file.", name=stored.file_name), "success")
    return redirect(url_for(".details_view", id=complaint_id))


def serve_attachment(view, attachment_id: int):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or view.get_one(str(attachment.complaint_id)) is None:
        abort(404)
    try:
        data = attachments.read_attachment(attachment)
    except attachments.DamagedFile:
        flash(
            _("The stored file %(name)s is missing or damaged.", name=attachment.file_name),
            "error",
        )
        return redirect(url_for(".details_view", id=attachment.complaint_id))
    return attachments.file_response(attachment, data)
