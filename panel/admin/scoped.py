"""What model views inherit from the access policy: row scoping and field permissions per role.

Mixed into ``panel.admin.base.SecureModelView``. A view's rows are scoped when its model is
``Complaint`` or has a ``complaint_id`` column: lists, counts, exports (they run ``get_list``,
hence ``get_query``), rows by id (edit, details, delete, inline edit, the case-file steps) and
the drop-downs of its forms (``form_ajax_refs`` loaders) all go through
:func:`panel.access.scope.restrict`.
"""

from __future__ import annotations

from flask import Response, has_request_context, request
from flask_admin import expose
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader, create_ajax_loader
from flask_babel import gettext as _
from flask_login import current_user

from panel.access import fields as permissions
from panel.access import scope
from panel.complaints.models import Complaint
from panel.core.extensions import db


def viewer():
    """The logged-in user of this request, or None."""
    if has_request_context() and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def complaint_key(model):
    """The column of ``model`` that names its complaint, or None when it has none."""
    if model is Complaint:
        return Complaint.id
    return getattr(model, "complaint_id", None) if "complaint_id" in model.__table__.c else None


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """A drop-down (AJAX look-up) that offers, and accepts, only rows the user may see."""

    def get_query(self):
        return _scoped(super().get_query(), self.model)

    def get_one(self, pk):
        row = super().get_one(pk)
        if row is None:
            return None
        session = db.session
        with session.no_autoflush:
            found = _scoped(session.query(self.model).filter_by(id=row.id), self.model)
            return row if found.first() is not None else None


def _scoped(query, model):
    user = viewer()
    if user is None:
        return query
    key = complaint_key(model)
    return query if key is None else scope.restrict(query, user, key)


class WorkspaceViewMixin:
    """Row scoping, per-role hidden columns and per-role writable fields for a model view."""

    # --- rows -------------------------------------------------------------------------------
    def get_query(self):
        return _scoped(super().get_query(), self.model)

    def get_count_query(self):
        return _scoped(super().get_count_query(), self.model)

    def get_one(self, id):
        row = super().get_one(id)
        if row is None or complaint_key(self.model) is None or viewer() is None:
            return row
        pk = self.model.__mapper__.primary_key[0]
        with db.session.no_autoflush:  # in the viewer's scope? (the key only, not the row again)
            query = self.get_query().filter(pk == getattr(row, pk.key)).with_entities(pk)
            found = query.first()
        return row if found is not None else None

    def _create_ajax_loader(self, name, options):
        loader = create_ajax_loader(self.model, self.session, name, name, options)
        return ScopedAjaxLoader(name, self.session, loader.model, **options)

    # --- columns each role sees (lists, details, exports) -----------------------------------
    def _visible(self, columns):
        user = viewer()
        hidden = permissions.hidden_fields(user.role if user else None, self.model)
        return [c for c in columns if c[0] not in hidden] if hidden else columns

    @property
    def _list_columns(self):
        return self._visible(self.__dict__.get("_all_list_columns", []))

    @_list_columns.setter
    def _list_columns(self, value):
        self.__dict__["_all_list_columns"] = value

    @property
    def _details_columns(self):
        return self._visible(self.__dict__.get("_all_details_columns", []))

    @_details_columns.setter
    def _details_columns(self, value):
        self.__dict__["_all_details_columns"] = value

    @property
    def _export_columns(self):
        return self._visible(self.__dict__.get("_all_export_columns", []))

    @_export_columns.setter
    def _export_columns(self, value):
        self.__dict__["_all_export_columns"] = value

    # --- fields each role may change (forms, inline edits) ----------------------------------
    def _may_write(self, name: str) -> bool:
        user = viewer()
        return permissions.may_write(user.role if user else None, self.model, name)

    def _drop_unwritable(self, form, existing: bool = True):
        user = viewer()
        hidden = permissions.hidden_fields(user.role if user else None, self.model)
        for name in [n for n in form._fields if n != "csrf_token"]:
            if (
                not self._may_write(name)
                or name in hidden
                or (existing and permissions.process_only(self.model, name))
            ):
                del form[name]
        return form

    def create_form(self, obj=None):
        return self._drop_unwritable(super().create_form(obj), existing=False)

    def edit_form(self, obj=None):
        return self._drop_unwritable(super().edit_form(obj))

    def list_form(self, obj=None):
        return self._drop_unwritable(super().list_form(obj))

    @expose("/ajax/update/", methods=("POST",))
    def ajax_update(self):
        # An inline edit changes a field the list offers this user, or it is refused with a
        # message naming the field: Flask-Admin would answer "saved" and change nothing.
        posted = [n for n in request.form if n not in ("list_form_pk", "csrf_token")]
        for name in posted:
            if not self.is_editable(name):
                return self._inline_refusal(name)
        return super().ajax_update()

    def _inline_refusal(self, name: str) -> Response:
        """The inline editor shows this text; 403 when the role may not change the field."""
        label = str(self.column_labels.get(name) or name)[:60]
        user = viewer()
        if (
            self.can_edit
            and self._may_write(name)
            and not permissions.process_only(self.model, name)
        ):
            status = 400
            message = _(
                "“%(field)s” cannot be changed in the list; nothing was saved. Change it on the "
                "record's page (its form or the process steps).",
                field=label,
            )
        else:
            status = 403
            message = _(
                "Your role (%(role)s) may not change “%(field)s”; nothing was saved.",
                role=user.role.label if user else "-",
                field=label,
            )
        return Response(message, status=status, mimetype="text/plain")

    def is_editable(self, name) -> bool:
        return (
            super().is_editable(name)
            and self._may_write(name)
            and not permissions.process_only(self.model, name)
        )
