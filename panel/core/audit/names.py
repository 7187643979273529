"""The audit trail's names as people read them: a table (``user_account``) or a refused page
(``approval.screen_view``) by its Chinese name, a field (``complainant_phone``) by its label.

Tables take the name of the admin page that lists them; tables no page lists, and the keys
the security journal records, have their names here. An unknown name shows as it is.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from panel.core.extensions import db

# Tables without a page of their own.
TABLE_LABELS = {
    "complaint_transition": _l("Process timeline"),
    "callback": _l("Callbacks"),
    "complaint_number_counter": _l("Complaint number counter"),
    "login_attempt": _l("Login attempts"),
    "audit_entry": _l("Audit trail"),
    "attachment": _l("Evidence files"),
    "attachment_file": _l("Evidence files"),
    "user_account": _l("Users"),
    "complaint_pause": _l("Waiting on the customer"),
    "intake_upload_file": _l("Uploaded regulator lists"),
    "notice_file": _l("Notice files"),
    "notice_number_counter": _l("Notice number counter"),
    "notification_attempt": _l("Delivery attempts"),
    "notification_event": _l("Notification events"),
    "pending_review": _l("Pending matter reviews"),
    "rate_event": _l("Public page requests"),
    "refusal_tally": _l("Refused requests"),
    "repeat_link": _l("Repeat complaint links"),
    "report_rollup": _l("Monthly report figures"),
    "survey_invitation": _l("Satisfaction survey invitations"),
    "survey_response": _l("Satisfaction survey answers"),
    "work_order": _l("Work orders"),
    "work_order_update": _l("Work order updates"),
}
# What the security journal records about a refused request or a login, and keys no
# column labels.
EVENT_KEYS = {
    "method": _l("Method"),
    "path": _l("Page"),
    "role": _l("Role"),
    "ip": _l("Network address"),
    "username": _l("Login name"),
    "reason": _l("Reason"),
    "action": _l("Action"),
    "rows": _l("Rows"),
    "version_id": _l("Version"),  # the optimistic lock's counter, where unlabelled
}


def _views() -> dict:
    if not has_app_context():
        return {}
    admins = current_app.extensions.get("admin") or []
    return {view.endpoint: view for admin in admins for view in admin._views}


def _model_of(table_name: str):
    table = db.metadata.tables.get(table_name)
    if table is None:
        return None
    for mapper in db.Model.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    return None


def table_label(table_name: str) -> str:
    """A table's or a page's Chinese name (``approval.screen_view`` → the page's view)."""
    if table_name in TABLE_LABELS:
        return str(TABLE_LABELS[table_name])
    views = _views()
    model = _model_of(table_name)
    if model is not None:
        for view in views.values():
            if getattr(view, "model", None) is model and view.name:
                return str(view.name)
    endpoint = table_name.split(".", 1)[0]
    view = views.get(endpoint)
    if view is not None and view.name:
        return str(view.name)
    return table_name


def field_label(table_name: str, key: str) -> str:
    """A changed field's label (``complainant_phone`` → 投诉人电话)."""
    table = db.metadata.tables.get(table_name)
    if table is not None and key in table.columns and "label" in table.columns[key].info:
        return str(table.columns[key].info["label"])
    if key in EVENT_KEYS:
        return str(EVENT_KEYS[key])
    return key


_YES, _NO = _l("Yes"), _l("No")


def value_text(table_name: str, key: str, value):
    """A recorded value as the forms show it: an enum's label (``urgent`` → 紧急), yes or no
    for a check box; anything else as recorded."""
    table = db.metadata.tables.get(table_name)
    column = table.columns.get(key) if table is not None else None
    if column is None or value is None:
        return value
    enum_cls = getattr(column.type, "enum_class", None)
    if enum_cls is not None:
        try:
            return str(enum_cls(value).label)
        except ValueError:
            return value
    if isinstance(value, bool):
        return str(_YES if value else _NO)
    return value


def table_choices() -> list[tuple[str, str]]:
    """Every table, by its Chinese name, for the audit trail's filter."""
    return sorted(((name, table_label(name)) for name in db.metadata.tables), key=lambda c: c[1])
