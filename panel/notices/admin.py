"""The notice archive: list, details and hash-checked downloads; registers all notice pages."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import DateBetweenFilter, FilterEqual
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from panel.admin.base import SecureModelView
from panel.core.extensions import db
from panel.core.models import lazy_label
from panel.notices.kinds import ARCHIVE_ROLES, BATCH_PRINT_LABEL, NoticeKind
from panel.notices.models import Notice
from panel.notices.rules import ArchiveDamaged, record_phone_handed_over, verified_pdf

NOTICES = _l("Notices")


def _number_link(view, context, model: Notice, name) -> Markup:
    url = url_for("notice.download", notice_id=model.id)
    return Markup('<a href="{}" data-testid="download">{}</a>').format(url, model.number)


def _short_hash(view, context, model: Notice, name) -> Markup:
    return Markup('<code title="{}">{}…</code>').format(model.sha256, model.sha256[:12])


def _subject(view, context, model: Notice, name) -> str:
    if model.period_from:
        return f"{model.period_from} — {model.period_to}"
    return model.complaint.number if model.complaint else ""


class NoticeArchiveView(SecureModelView):
    """Every issued notice; nobody creates, edits or deletes here (see panel.notices.archive)."""

    view_roles = ARCHIVE_ROLES
    column_list = (
        "number",
        "version",
        "kind",
        "complaint",
        "issued_by_name",
        "issued_at",
        "pages",
        "size",
        "sha256",
    )
    column_details_list = (
        "number",
        "version",
        "kind",
        "complaint",
        "penalty",
        "period_from",
        "period_to",
        "issued_by_name",
        "issued_at",
        "pages",
        "size",
        "sha256",
    )
    column_default_sort = ("issued_at", True)
    column_searchable_list = ("number",)
    column_formatters = {"number": _number_link, "sha256": _short_hash, "complaint": _subject}
    column_formatters_detail = {"number": _number_link, "complaint": _subject}
    column_filters = (
        FilterEqual(Notice.kind, lazy_label(Notice, "kind"), options=NoticeKind.choices()),
        DateBetweenFilter(Notice.issued_at, lazy_label(Notice, "issued_at")),
    )
    can_set_page_size = True

    @expose("/download/<int:notice_id>")
    def download(self, notice_id: int):
        notice = self.get_one(str(notice_id))  # scoped: a department sees its complaints'
        if notice is None:
            own = db.session.get(Notice, notice_id)  # and everyone what they issued (ledgers)
            if own is None or own.issued_by_id != current_user.id:
                abort(404)
            notice = own
        try:
            data = verified_pdf(db.session, notice)
        except ArchiveDamaged as exc:
            flash(exc.message, "error")
            return redirect(url_for(".index_view"))
        if record_phone_handed_over(db.session, notice, current_user._get_current_object()):
            db.session.commit()
        response = send_file(
            io.BytesIO(data),
            mimetype="application/pdf",
            download_name=notice.filename,
            as_attachment=request.args.get("inline") != "1",
        )
        response.headers["X-Content-SHA256"] = notice.sha256
        response.headers["Cache-Control"] = "private, no-store"
        return response


def add_views(admin) -> None:
    from panel.notices.admin_batch import NoticeBatchView
    from panel.notices.admin_issue import NoticeIssueView
    from panel.notices.admin_settings import NoticeSettingsView

    admin.add_view(
        NoticeIssueView(
            name=_l("Issue notices"), endpoint="notice_issue", url="notices", category=NOTICES
        )
    )
    admin.add_view(
        NoticeArchiveView(
            Notice, db, name=_l("Notice archive"), endpoint="notice", category=NOTICES
        )
    )
    admin.add_view(
        NoticeBatchView(name=BATCH_PRINT_LABEL, endpoint="notice_batch", url="notices/batch")
    )
    admin.add_view(
        NoticeSettingsView(
            name=_l("Notice settings"),
            endpoint="notice_settings",
            url="notice-settings",
            category=_l("Settings"),
        )
    )
