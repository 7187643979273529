"""The intake pages of the panel: sources and API tokens (administrator), the upload of
regulator lists with a row-by-row preview (clerks and managers), and the earlier complaints
of a phone or plate that the registration form shows as the clerk types."""

from __future__ import annotations

import hashlib

from flask import abort, flash, jsonify, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.form import SecureForm
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import insert, select

from panel.access.roles import HISTORY_READERS, INTAKE_ADMINS, LIST_IMPORTERS
from panel.access.views import RoleView
from panel.admin.base import SecureModelView
from panel.complaints import attachments
from panel.complaints.repeats import earlier_complaints
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.intake import lists, operations
from panel.intake.models import ApiToken, IntakeSource, IntakeUpload, Via, intake_upload_file


class IntakeSourceView(SecureModelView):
    """Where work orders come from, and the channel their complaints get."""

    view_roles = create_roles = edit_roles = INTAKE_ADMINS
    column_list = ("code", "name", "channel", "regulator_name", "active")
    form_columns = ("code", "name", "channel", "regulator_name", "active")


class ApiTokenView(SecureModelView):
    """A token per source system: issued here, shown once, revoked by an action."""

    view_roles = create_roles = INTAKE_ADMINS
    can_view_details = False
    column_list = (
        "source",
        "name",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    )
    form_columns = ("source", "name")
    form_args = {"source": {"query_factory": lambda: IntakeSource.query.filter_by(active=True)}}

    def on_model_change(self, form, model: ApiToken, is_created: bool) -> None:
        if is_created:
            secret = operations.fill_token(model, current_user._get_current_object())
            flash(
                _(
                    "The token of %(name)s is %(token)s — it is shown only this once; give it "
                    "to the source system now.",
                    name=model.name,
                    token=secret,
                ),
                "success",
            )

    @action(
        "revoke", _l("Revoke"), _l("Revoke the selected tokens? Systems using them stop working.")
    )
    def action_revoke(self, ids):
        if not self.can_create:
            abort(403)
        for token in db.session.scalars(
            select(ApiToken).where(ApiToken.id.in_([int(i) for i in ids]))
        ):
            operations.revoke_token(token)
        db.session.commit()
        flash(_("The tokens were revoked."), "success")


class UploadView(RoleView):
    """上传监管工单清单: upload, preview with a verdict per row, import."""

    view_roles = LIST_IMPORTERS

    def _sources(self):
        return db.session.scalars(
            select(IntakeSource).where(IntakeSource.active).order_by(IntakeSource.id)
        ).all()

    @expose("/", methods=("GET", "POST"))
    def index(self):
        if request.method == "POST":
            return self._upload()
        return self.render("intake/upload.html", sources=self._sources(), token=_token())

    def _upload(self):
        if not SecureForm(request.form).validate():
            flash(_("The form expired; reload the page and try again."), "error")
            return redirect(url_for(".index"))
        source = db.session.get(IntakeSource, request.form.get("source_id", type=int) or 0)
        upload = request.files.get("file")
        if source is None or upload is None or not upload.filename:
            flash(_("Choose the source and a CSV or XLSX file."), "error")
            return redirect(url_for(".index"))
        content = attachments.read_limited(upload.stream, 10 * 1024 * 1024)
        name = attachments.clean_file_name(upload.filename)
        try:
            lists.rows_of(name, content)
        except RuleError as exc:
            flash(exc.message, "error")
            return redirect(url_for(".index"))
        stored = IntakeUpload(
            source=source,
            file_name=name,
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=current_user._get_current_object(),
            uploaded_at=clock.now(),
        )
        db.session.add(stored)
        db.session.flush()
        db.session.execute(insert(intake_upload_file).values(upload_id=stored.id, content=content))
        db.session.commit()
        return redirect(url_for(".preview", upload_id=stored.id))

    def _stored(self, upload_id: int) -> IntakeUpload:
        stored = db.session.get(IntakeUpload, upload_id)
        if stored is None or stored.uploaded_by_id != current_user.id:
            abort(404)
        return stored

    @expose("/<int:upload_id>")
    def preview(self, upload_id: int):
        stored = self._stored(upload_id)
        rows = lists.judge(
            db.session, lists.rows_of(stored.file_name, _content(stored)), stored.source
        )
        counts = {v: sum(1 for r in rows if r.verdict == v) for v in lists.VERDICTS}
        return self.render(
            "intake/preview.html", upload=stored, rows=rows, counts=counts,
            verdicts=lists.VERDICTS, token=_token(),
        )  # fmt: skip

    @expose("/<int:upload_id>/import", methods=("POST",))
    def run_import(self, upload_id: int):
        stored = self._stored(upload_id)
        if not SecureForm(request.form).validate() or stored.imported_at is not None:
            flash(_("This list was imported already, or the form expired."), "error")
            return redirect(url_for(".preview", upload_id=upload_id))
        rows = lists.judge(
            db.session, lists.rows_of(stored.file_name, _content(stored)), stored.source
        )
        counts = lists.import_rows(db.session, rows, current_user._get_current_object(), Via.UPLOAD)
        stored.imported_at = clock.now()
        stored.summary = dict(counts)
        db.session.commit()
        message = _(
            "Imported: %(new)d new, %(changed)d updated, %(known)d already known, "
            "%(error)d with errors.",
            new=counts[lists.NEW],
            changed=counts[lists.CHANGED],
            known=counts[lists.KNOWN],
            error=counts[lists.ERROR],
        )
        flash(message, "success")
        return self.render(
            "intake/preview.html", upload=stored, rows=rows, counts=dict(counts),
            verdicts=lists.VERDICTS, token=_token(), imported=True,
        )  # fmt: skip


def _content(stored: IntakeUpload) -> bytes:
    return db.session.scalar(
        select(intake_upload_file.c.content).where(intake_upload_file.c.upload_id == stored.id)
    )


def _token() -> str:
    return SecureForm().csrf_token.current_token


class HistoryView(RoleView):
    """JSON for the registration form: earlier complaints of a phone or plate (the viewer's
    department scope applies). Not in the menu."""

    view_roles = HISTORY_READERS

    def is_visible(self) -> bool:
        return False

    @expose("/")
    def index(self):
        user = current_user._get_current_object()
        found = earlier_complaints(
            db.session,
            user,
            phone=request.args.get("phone", "")[:30],
            plate=request.args.get("plate", "")[:12],
            exclude_id=request.args.get("exclude", type=int),
        )
        return jsonify(
            {
                "title": _("Earlier complaints of this phone or plate"),
                "empty": _("No earlier complaint."),
                "link_label": _("Link as repeat"),
                "linked_label": _("Linked as repeat"),
                "headings": [_("Number"), _("Received"), _("Status"), _("Category")],
                "complaints": [
                    {
                        "id": c.id,
                        "number": c.number,
                        "received": c.received_at.strftime("%Y-%m-%d"),
                        "status": str(c.status.label),
                        "category": str(c.category.label),
                        "url": url_for("complaint.details_view", id=c.id),
                    }
                    for c in found
                ],
            }
        )
