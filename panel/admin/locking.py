"""Optimistic locking for model views: an edit saved over a newer version is refused.

Flask-Admin reloads the row when an edit form is posted, so ``version_id_col`` alone only
catches a race inside that one request; the edit a clerk opened ten minutes ago would
silently overwrite whatever was saved since. Every model with a ``version_id_col``
(complaints, remedies, penalties, …) therefore gets:

- **Edit forms**: a hidden ``_row_version`` carrying the version shown and the audit trail's
  high-water mark. Saving over another version is refused; the message lists what changed
  since, by whom and when (:mod:`panel.admin.changes`), the form is shown again with the
  user's input, and it now carries the current version — saving again is a deliberate choice.
- **Inline list edits**: the row's key carries the audit mark of the page; an edit is refused
  when someone else changed that same field after the page was shown.
- **The race inside one request** (``StaleDataError``): the same message, via the base view.
"""

from __future__ import annotations

from flask import flash, g, has_request_context, request
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms import Form
from wtforms.fields import HiddenField
from wtforms.form import BaseForm

from panel.admin import changes
from panel.core.extensions import db

TOKEN_FIELD = "_row_version"


def is_versioned(model) -> bool:
    return model.__mapper__.version_id_col is not None


def _token(version: int, mark: int) -> str:
    return f"{version}:{mark}"


def _parse(token: str | None) -> tuple[int, int] | None:
    try:
        version, mark = (token or "").split(":")
        return int(version), int(mark)
    except ValueError:
        return None


def _version_of(model) -> int:
    return getattr(model, model.__mapper__.version_id_col.key)


class _MarkedWidget:
    """The inline-edit widget, with the page's audit mark appended to the row key.

    A list renders the same editor for every row, differing only in the row key and the
    value shown: each distinct cell is rendered once per page and the key put in afterwards.
    """

    KEY = "__row_key__"

    def __init__(self, widget, mark: int) -> None:
        self.widget, self.mark = widget, mark
        self.rendered: dict[tuple, str] = {}

    def __call__(self, field, **kwargs):
        pk = kwargs.pop("pk")
        key = (field.name, str(kwargs.get("display_value")), kwargs.get("csrf"))
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = str(self.widget(field, pk=self.KEY, **kwargs))
        return Markup(html.replace(self.KEY, str(escape(f"{pk}@{self.mark}"))))

    def __getattr__(self, name):
        return getattr(self.widget, name)


class OptimisticLockMixin:
    """Mixed into :class:`panel.admin.base.SecureModelView` ahead of the other mixins, so
    the hidden version field is added after fields the role may not write were removed."""

    # --- edit form ----------------------------------------------------------------------------
    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is None or not is_versioned(self.model):
            return form
        posted = request.form.get(TOKEN_FIELD) if request.method == "POST" else None
        token = posted or _token(_version_of(obj), changes.audit_mark(db.session))
        _set_token(form, token)
        return form

    def update_model(self, form, model) -> bool:
        token_field = getattr(form, TOKEN_FIELD, None) if isinstance(form, Form) else None
        mark = getattr(form, "_audit_mark", None)
        if token_field is not None:
            return self._update_checked(form, model, token_field)
        if mark is not None and self._inline_conflict(form, model, mark):
            return False
        return super().update_model(form, model)

    def _update_checked(self, form, model, token_field) -> bool:
        token = token_field.data
        seen = _parse(token)
        if seen is None or seen[0] != _version_of(model):
            mark = seen[1] if seen else None
            flash(changes.conflict_message(db.session, model, mark), "error")
            _set_token(form, _token(_version_of(model), changes.audit_mark(db.session)))
            return False
        del form[TOKEN_FIELD]  # not a model attribute: keep it out of populate_obj
        g.lock_context = (form, model, seen[1])
        try:
            saved = super().update_model(form, model)
        finally:
            g.pop("lock_context", None)
        if not saved:
            stale = g.pop("stale_token", None)
            _set_token(form, stale or token)
        return saved

    def _inline_conflict(self, form, model, mark: int) -> bool:
        fields = [name for name in form._fields if name not in ("list_form_pk", "csrf_token")]
        found = changes.changed_since(db.session, model, mark, fields, exclude_actor=_user_id())
        if found:
            flash(changes.conflict_message(db.session, model, mark, found), "error")
        return bool(found)

    # --- inline list edits --------------------------------------------------------------------
    def list_form(self, obj=None):
        form = super().list_form(obj)
        if not is_versioned(self.model):
            return form
        if obj is not None:
            if not self.can_edit:  # no inline editor is shown to this user
                return form
            mark = _page_mark(db.session)
            for name, field in form._fields.items():
                if name not in ("list_form_pk", "csrf_token"):
                    field.widget = _MarkedWidget(field.widget, mark)
        elif request.method == "POST":
            key = form.list_form_pk.data or ""
            if "@" in key:
                key, _, mark = key.partition("@")
                form.list_form_pk.data = key
                form._audit_mark = int(mark) if mark.isdigit() else None
        return form


def stale_message(view, exc) -> str:
    """The message for a ``StaleDataError`` raised while saving: what changed meanwhile."""
    context = g.get("lock_context") if has_request_context() else None
    if context is None:
        return changes.generic_conflict_message()
    form, model, mark = context
    session = db.session
    session.rollback()
    current = session.get(type(model), model.id)
    if current is None:
        return changes.generic_conflict_message()
    g.stale_token = _token(_version_of(current), changes.audit_mark(session))
    return changes.conflict_message(session, current, mark)


def _set_token(form, token: str) -> None:
    if TOKEN_FIELD in form._fields:
        form[TOKEN_FIELD].data = token
        form[TOKEN_FIELD].raw_data = [token]
        return
    BaseForm.__setitem__(form, TOKEN_FIELD, HiddenField())
    field = form._fields[TOKEN_FIELD]
    field.process(None, token)
    setattr(form, TOKEN_FIELD, field)


def _page_mark(session) -> int:
    if "audit_page_mark" not in g:
        g.audit_page_mark = changes.audit_mark(session)
    return g.audit_page_mark


def shows_inline_editors(view) -> bool:
    """Whether ``view``'s list carries inline editors marked with the page's audit mark."""
    return bool(view.column_editable_list) and is_versioned(view.model) and view.can_edit


def page_mark_column():
    """The page's audit mark as a column of the query that reads the page (see
    :func:`remember_page_mark`): read with the rows' ids, it costs no query of its own."""
    return changes.audit_mark_column()


def remember_page_mark(mark: int | None) -> None:
    """Keep the mark read along with the page for this request's inline editors."""
    g.audit_page_mark = mark or 0


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None
