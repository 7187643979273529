"""Batch printing pages: pick the kind, watch the progress, download the merged PDF."""

from __future__ import annotations

import io

from flask import abort, flash, jsonify, redirect, request, send_file, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_login import current_user

from panel.access.views import RoleView
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.notices.admin_common import csrf_ok, csrf_token
from panel.notices.batch import choose_kind, eligible_counts, merged_pdf, run_step, start_batch
from panel.notices.kinds import ISSUING_ROLES, NoticeKind
from panel.notices.models import NoticeBatch
from panel.notices.rules import ArchiveDamaged


def start_batch_print(complaint_ids: list[str]):
    """The complaint list's "batch print" action: create the batch, go to its page."""
    actor = current_user._get_current_object()
    try:
        batch = start_batch(db.session, [int(i) for i in complaint_ids], actor)
        db.session.commit()
    except RuleError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("complaint.index_view"))
    return redirect(url_for("notice_batch.show", batch_id=batch.id))


def progress_of(batch: NoticeBatch) -> dict:
    return {
        "position": batch.position,
        "total": batch.total,
        "printed": len(batch.notice_ids),
        "skipped": batch.skipped,
        "finished": batch.finished,
        "pdf_url": url_for(".pdf", batch_id=batch.id) if batch.finished else None,
    }


class NoticeBatchView(RoleView):
    view_roles = ISSUING_ROLES

    def is_visible(self) -> bool:
        return False  # reached from the complaint list, not the menu

    def _batch(self, batch_id: int) -> NoticeBatch:
        batch = db.session.get(NoticeBatch, batch_id)
        if batch is None or batch.created_by_id != current_user.id:
            abort(404)
        return batch

    @expose("/")
    def index(self):
        return redirect(url_for("complaint.index_view"))

    @expose("/<int:batch_id>")
    def show(self, batch_id: int):
        batch = self._batch(batch_id)
        counts = eligible_counts(db.session, batch, current_user) if batch.kind is None else {}
        return self.render(
            "notices/admin/batch.html",
            batch=batch,
            counts=counts,
            progress=progress_of(batch),
            csrf_token=csrf_token(),
        )

    @expose("/<int:batch_id>/kind", methods=("POST",))
    def kind(self, batch_id: int):
        batch = self._batch(batch_id)
        if not csrf_ok():
            return self._back(batch)
        try:
            kind = NoticeKind(request.form.get("kind", ""))
        except ValueError:
            flash(_("Choose the kind of notice to print."), "error")
            return self._back(batch)
        try:
            choose_kind(batch, kind, current_user)
            db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        return redirect(url_for(".show", batch_id=batch.id))

    @expose("/<int:batch_id>/step", methods=("POST",))
    def step(self, batch_id: int):
        batch = self._batch(batch_id)
        wants_json = request.accept_mimetypes.best == "application/json"
        if not csrf_ok():
            return (jsonify(error="csrf"), 400) if wants_json else self._back(batch)
        run_step(db.session, batch, current_user._get_current_object())
        return jsonify(progress_of(batch)) if wants_json else self._back(batch)

    def _back(self, batch: NoticeBatch):
        return redirect(url_for(".show", batch_id=batch.id))

    @expose("/<int:batch_id>/pdf")
    def pdf(self, batch_id: int):
        batch = self._batch(batch_id)
        if not batch.finished or not batch.notice_ids:
            abort(404)
        try:
            data = merged_pdf(db.session, batch)
        except ArchiveDamaged as exc:
            flash(exc.message, "error")
            return self._back(batch)
        db.session.commit()  # the phone numbers handed over whole, if any
        return send_file(
            io.BytesIO(data),
            mimetype="application/pdf",
            download_name=f"batch-{batch.id}-{batch.kind.value}.pdf",
            as_attachment=True,
        )
