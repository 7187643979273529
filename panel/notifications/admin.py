"""The notification pages: my notifications (the bell), the routing table, the staff's
addresses, and the deliveries with their attempts, where failures can be retried."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from panel.access.roles import ADMIN_ONLY, ALL_ROLES, POLICY_READERS
from panel.access.views import RoleView
from panel.admin.base import SecureModelView
from panel.core.extensions import db
from panel.notifications import inbox
from panel.notifications.models import NotificationAttempt

CATEGORY = _l("Notifications")


class InboxView(RoleView):
    """我的通知: the in-panel notifications of the logged-in user, newest first."""

    view_roles = ALL_ROLES

    @expose("/")
    def index_view(self):
        user = current_user._get_current_object()
        items = inbox.items(db.session, user)
        db.session.commit()  # a read-only page: end the transaction cleanly
        return self.render("notifications/inbox.html", items=items)

    @expose("/<int:delivery_id>/open", methods=("POST",))
    def open_view(self, delivery_id: int):
        from panel.notices.admin_common import csrf_ok

        if not csrf_ok():
            return redirect(url_for(".index_view"))
        target = inbox.open_item(db.session, current_user._get_current_object(), delivery_id)
        db.session.commit()
        return redirect(target or url_for(".index_view"))

    @expose("/read-all", methods=("POST",))
    def read_all_view(self):
        from panel.notices.admin_common import csrf_ok

        if csrf_ok():
            count = inbox.mark_all_read(db.session, current_user._get_current_object())
            db.session.commit()
            flash(ngettext("%(num)d notification marked read.", "%(num)d marked read.", count))
        return redirect(url_for(".index_view"))


class RouteView(SecureModelView):
    """The routing table: who is told what through which channel (the administrator edits)."""

    view_roles = POLICY_READERS
    create_roles = edit_roles = delete_roles = ADMIN_ONLY
    column_list = ("event", "channel", "role", "user", "relation", "active")
    column_default_sort = [("event", False), ("channel", False)]
    page_size = 100  # the whole table on one page
    column_filters = ("event", "channel", "role", "relation", "active")
    form_columns = ("event", "channel", "role", "user", "relation", "active")
    form_ajax_refs = {"user": {"fields": ("username",), "page_size": 20}}
    column_editable_list = ("active",)
    column_descriptions = {
        "role": _l("Everyone with this role (department roles: only their department's cases)."),
        "user": _l("One person, e.g. the duty manager."),
        "relation": _l("Someone by their part in the case."),
    }


class AddressView(SecureModelView):
    """E-mail addresses and mobiles of the users, for the e-mail and SMS channels."""

    view_roles = create_roles = edit_roles = delete_roles = ADMIN_ONLY
    column_list = ("user", "email", "mobile", "updated_at")
    form_columns = ("user", "email", "mobile")
    form_ajax_refs = {"user": {"fields": ("username",), "page_size": 20}}


def _attempt_log(_view, _context, model, _name) -> Markup:
    attempts = db.session.scalars(
        select(NotificationAttempt)
        .filter_by(delivery_id=model.id)
        .order_by(NotificationAttempt.id.desc())
        .limit(20)
    ).all()
    delivered, failed = _("delivered"), _("failed")
    rows = "".join(
        f"<li>{a.started_at:%Y-%m-%d %H:%M:%S} · {a.duration_ms} ms · "
        f"{escape(delivered if a.ok else (a.error or failed))}</li>"
        for a in attempts
    )
    return Markup(f"<ul class='mb-0 small'>{rows}</ul>")


def _event_title(_view, _context, model, _name) -> str:
    return model.event.title or str(model.event.kind.label)


class DeliveryView(SecureModelView):
    """Every delivery and its attempts; failed ones show the error and can be retried."""

    view_roles = ADMIN_ONLY
    can_view_details = True
    column_list = (
        "created_at",
        "event",
        "channel",
        "user",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "delivered_at",
    )
    column_details_list = (*column_list, "address", "idempotency_key", "attempt_log")
    column_default_sort = ("id", True)
    column_filters = ("status", "channel", "created_at")
    column_formatters = {"event": _event_title}
    column_formatters_detail = {"event": _event_title, "attempt_log": _attempt_log}
    extra_labels = {"attempt_log": _l("Attempts")}

    def get_query(self):
        return super().get_query().filter(self.model.channel != "panel")

    def get_count_query(self):
        return super().get_count_query().filter(self.model.channel != "panel")

    def get_one(self, id):
        row = super().get_one(id)  # by id: keep the bell's own rows out here too
        return None if row is None or row.channel.value == "panel" else row

    @action("retry", _l("Retry"), _l("Send the selected failed deliveries again?"))
    def action_retry(self, ids):
        queued = inbox.retry_failed(db.session, [int(i) for i in ids if str(i).isdigit()])
        db.session.commit()
        inbox.wake_deliveries(queued)
        count = len(queued)
        flash(
            ngettext(
                "%(num)d failed delivery queued again.",
                "%(num)d failed deliveries queued again.",
                count,
            ),
            "success",
        )
        return redirect(request.referrer or url_for(".index_view"))

    def is_action_allowed(self, name):
        return name == "retry" and self._role_in(ADMIN_ONLY)
