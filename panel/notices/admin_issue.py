"""Issuing notices: per complaint (and its penalties), and the ledger of a period."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from panel.access import scope
from panel.access.views import RoleView
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.notices.admin_common import csrf_ok, csrf_token, require_role
from panel.notices.kinds import (
    COMPLAINT_KINDS,
    ISSUER_ROLES,
    ISSUING_ROLES,
    PENALTY_KINDS,
    NoticeKind,
)
from panel.notices.rules import check_issuable, issue_notice, subject_key, versions_of
from panel.penalties.models import Penalty

LEDGER_ROLES = ISSUER_ROLES[NoticeKind.LEDGER]


def notice_rows(kinds, subject) -> list[dict]:
    """For each kind: may it be issued now (else why not), and its archived versions."""
    rows = []
    for kind in kinds:
        try:
            check_issuable(kind, subject, current_user)
            refusal = None
        except RuleError as exc:
            refusal = exc.message
        versions = versions_of(db.session, kind, subject_key(kind, subject))
        rows.append({"kind": kind, "refusal": refusal, "versions": versions})
    return rows


def issued_message(notice) -> Markup:
    link = url_for("notice.download", notice_id=notice.id)
    message = _(
        "Issued %(kind)s %(number)s, version %(version)d.",
        kind=notice.kind.label,
        number=notice.number,
        version=notice.version,
    )
    text = Markup('{} <a href="{}">{}</a>').format(message, link, _("Download"))
    if notice.missing_characters:
        text += Markup(" ") + _(
            "No font could draw: %(chars)s", chars=" ".join(notice.missing_characters)
        )
    return text


class NoticeIssueView(RoleView):
    view_roles = ISSUING_ROLES

    @expose("/")
    def index(self):
        return self.render(
            "notices/admin/issue_index.html",
            csrf_token=csrf_token(),
            today=clock.today(),
            can_ledger=current_user.role in LEDGER_ROLES,
        )

    @expose("/find")
    def find(self):
        number = (request.args.get("number") or "").strip().upper()
        complaint = db.session.scalar(select(Complaint).filter_by(number=number))
        if complaint is None or not scope.may_see(current_user, complaint):
            flash(_("No complaint numbered “%(number)s”.", number=number), "error")
            return redirect(url_for(".index"))
        return redirect(url_for(".complaint", complaint_id=complaint.id))

    @expose("/complaint/<int:complaint_id>")
    def complaint(self, complaint_id: int):
        complaint = db.session.get(Complaint, complaint_id)
        if complaint is None or not scope.may_see(current_user, complaint):
            abort(404)
        penalties = db.session.scalars(
            select(Penalty).filter_by(complaint_id=complaint.id).order_by(Penalty.id)
        ).all()
        return self.render(
            "notices/admin/complaint.html",
            complaint=complaint,
            rows=notice_rows(COMPLAINT_KINDS, complaint),
            penalty_rows=[(p, notice_rows(PENALTY_KINDS, p)) for p in penalties],
            csrf_token=csrf_token(),
        )

    @expose("/issue", methods=("POST",))
    def issue(self):
        back = request.form.get("back") or ""
        if not back.startswith("/") or urlsplit(back).netloc or back.startswith("//"):
            back = url_for(".index")  # only back to a page of this site
        if not csrf_ok():
            return redirect(back)
        try:
            kind = NoticeKind(request.form.get("kind", ""))
        except ValueError:
            abort(400)
        subject = self._subject(kind)
        return self._issue(kind, subject, back)

    @expose("/ledger", methods=("POST",))
    def ledger(self):
        require_role(LEDGER_ROLES)
        if not csrf_ok():
            return redirect(url_for(".index"))
        try:
            start = date.fromisoformat(request.form.get("period_from", ""))
            end = date.fromisoformat(request.form.get("period_to", ""))
        except ValueError:
            flash(_("Enter the ledger period as two dates."), "error")
            return redirect(url_for(".index"))
        return self._issue(NoticeKind.LEDGER, (start, end), url_for(".index"))

    def _subject(self, kind: NoticeKind):
        model = Penalty if kind.subject_kind == "penalty" else Complaint
        try:
            subject_id = int(request.form.get("subject_id", ""))
        except ValueError:
            abort(400)
        return db.session.get(model, subject_id) or abort(404)

    def _issue(self, kind: NoticeKind, subject, back: str):
        try:
            actor = current_user._get_current_object()
            notice = issue_notice(db.session, kind, subject, actor)
            db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(issued_message(notice), "success")
        return redirect(back)
