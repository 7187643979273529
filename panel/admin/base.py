"""The secure base of every admin view: login, roles, CSRF, Chinese labels, rule errors."""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import abort, flash, request
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla import filters as sqla_filters
from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.form import SecureForm, Select2Field
from flask_admin.model import filters as model_filters
from flask_admin.model import typefmt
from flask_admin.model.fields import AjaxSelectField
from flask_admin.model.form import converts
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import StringField, validators

from panel.access.roles import ALL_ROLES
from panel.access.views import RoleGate
from panel.admin.actions import RefusedActionsMixin
from panel.admin.crafted import CraftedValuesMixin
from panel.admin.export import ListExportMixin
from panel.admin.fastlist.lookups import IndexedLookupMixin
from panel.admin.fields import PlainText, ReferenceAjaxSelectField, ReferenceSelectField
from panel.admin.locking import OptimisticLockMixin, stale_message
from panel.admin.outage import connection_lost_message, is_connection_lost
from panel.admin.scoped import WorkspaceViewMixin
from panel.core.errors import RuleError
from panel.organisation.models.user import Role

log = logging.getLogger(__name__)


def format_datetime(_view, value: datetime, _name=None) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


_enum_labels: dict[tuple[str, type, Enum], str] = {}


def format_enum(_view, value: Enum, _name=None) -> str:
    """The member's label in the current language, translated once per language and member
    (a lazy label is looked up in the catalogues each time it is shown)."""
    label = getattr(value, "label", None)
    if label is None:
        return str(value.value)
    key = (str(get_locale()), type(value), value)  # members of two enums may be equal strings
    text = _enum_labels.get(key)
    if text is None:
        text = _enum_labels[key] = str(label)
    return text


def format_amount(_view, value: Decimal, _name=None) -> str:
    return f"¥{value:,.2f}"


def format_bool(_view, value: bool, _name=None) -> str:
    return _("Yes") if value else _("No")


TYPE_FORMATTERS = {
    **typefmt.BASE_FORMATTERS,
    datetime: format_datetime,
    date: lambda _v, d, _n=None: d.isoformat(),
    Enum: format_enum,
    Decimal: format_amount,
    bool: format_bool,
}
EXPORT_FORMATTERS = {**typefmt.EXPORT_FORMATTERS, Enum: format_enum, datetime: format_datetime}


REFERENCE_FIELDS = {
    QuerySelectField: ReferenceSelectField,
    AjaxSelectField: ReferenceAjaxSelectField,
}


class PanelModelConverter(AdminModelConverter):
    """Enum columns become selects of translated labels that store the member; references
    (drop-downs and look-ups of related rows) keep what is stored and refuse unknown ids."""

    @converts("sqlalchemy.sql.sqltypes.Enum")
    def convert_enum(self, column, field_args, **extra):
        enum_cls = column.type.enum_class
        self._nullable_common(column, field_args)
        field_args["choices"] = enum_cls.choices()
        field_args["coerce"] = enum_cls.coerce
        if column.nullable:
            field_args["validators"] = [
                v for v in field_args["validators"] if not isinstance(v, validators.InputRequired)
            ]
        return Select2Field(allow_blank=column.nullable, **field_args)

    def _model_select_field(self, prop, multiple, remote_model, **kwargs):
        # References keep the stored row and refuse unknown ids (panel.admin.fields).
        field = super()._model_select_field(prop, multiple, remote_model, **kwargs)
        field.field_class = REFERENCE_FIELDS.get(field.field_class, field.field_class)
        return field


VERSION_LABEL = _l("Version")


class PanelFilterConverter(sqla_filters.FilterConverter):
    """Filters of enum columns offer the members' translated labels, not their stored codes."""

    @model_filters.convert("enum")
    def conv_enum(self, column, name, options=None, **kwargs):
        enum_cls = getattr(column.type, "enum_class", None)
        if not options and enum_cls is not None and hasattr(enum_cls, "choices"):
            options = enum_cls.choices()
        return super().conv_enum(column, name, options, **kwargs)


def column_labels_of(model) -> dict[str, str]:
    """Labels from each column's ``info``; ``x_id`` also labels the relationship ``x``."""
    labels = {"version_id": VERSION_LABEL}  # the optimistic lock's counter, where unlabelled
    for column in model.__table__.columns:
        if "label" in column.info:
            labels[column.key] = column.info["label"]
            if column.key.endswith("_id"):
                labels[column.key[:-3]] = column.info["label"]
    return labels


class Required(validators.InputRequired):
    """InputRequired whose message names the field, in the current request's language."""

    def __init__(self, label) -> None:
        super().__init__()
        self.label = label

    def __call__(self, form, field) -> None:
        if field.raw_data and field.raw_data[0] and str(field.raw_data[0]).strip():
            return
        field.errors[:] = []
        raise validators.StopValidation(_("%(field)s is required.", field=str(self.label)))


def _name_the_field_when_required(form_class, labels: dict) -> None:
    """Swap generated "required" validators for :class:`Required`."""
    for name in dir(form_class):
        field_validators = getattr(getattr(form_class, name), "kwargs", {}).get("validators")
        for index, validator in enumerate(field_validators or ()):
            if isinstance(validator, validators.InputRequired | validators.DataRequired):
                field_validators[index] = Required(labels.get(name, name))


def _refuse_control_characters_first(form_class, labels: dict) -> None:
    """Text fields refuse control characters before any other check runs: a uniqueness check
    would send a NUL byte to the database, which cannot take it (:class:`PlainText`)."""
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        field_class = getattr(unbound, "field_class", None)
        if isinstance(field_class, type) and issubclass(field_class, StringField):
            checks = list(unbound.kwargs.get("validators") or ())
            unbound.kwargs["validators"] = [PlainText(labels.get(name, name)), *checks]


class SecureModelView(
    RoleGate,
    CraftedValuesMixin,
    RefusedActionsMixin,
    OptimisticLockMixin,
    IndexedLookupMixin,
    WorkspaceViewMixin,
    ListExportMixin,
    ModelView,
):
    """Base for every model view.

    Lists export to CSV and XLSX and mask phone numbers by role (:mod:`panel.admin.export`).
    An edit saved over a newer version of its row is refused (:mod:`panel.admin.locking`).
    Rows of complaints (and of rows with a ``complaint_id``) are scoped to the user's department,
    columns and form fields follow the role's field permissions (:mod:`panel.complaints`).

    Subclasses say which roles may see, create, edit and delete (``*_roles``); the checks run
    per request on the current user, never by mutating the shared view object.
    """

    view_roles: frozenset[Role] = ALL_ROLES
    create_roles: frozenset[Role] = frozenset()
    edit_roles: frozenset[Role] = frozenset()
    delete_roles: frozenset[Role] = frozenset()

    form_base_class = SecureForm
    model_form_converter = PanelModelConverter
    filter_converter = PanelFilterConverter()
    column_type_formatters = TYPE_FORMATTERS
    column_type_formatters_detail = TYPE_FORMATTERS
    column_type_formatters_export = EXPORT_FORMATTERS
    can_view_details = True
    page_size = 20
    can_set_page_size = True
    extra_labels: dict[str, str] = {}

    def scaffold_form(self):
        form_class = super().scaffold_form()
        _name_the_field_when_required(form_class, self.column_labels)
        _refuse_control_characters_first(form_class, self.column_labels)
        return form_class

    def __init__(self, model, session, **kwargs):
        self.column_labels = {**column_labels_of(model), **self.extra_labels}
        super().__init__(model, session, **kwargs)

    _PERMISSION_OF_ENDPOINT = {
        "create_view": "can_create",
        "edit_view": "can_edit",
        "ajax_update": "can_edit",
        "delete_view": "can_delete",
    }

    def _handle_view(self, name, **kwargs):
        # A crafted request for a step the role may not take gets 403, not a silent redirect.
        response = super()._handle_view(name, **kwargs)
        if response is None:
            permission = self._PERMISSION_OF_ENDPOINT.get(name)
            if permission and not getattr(self, permission):
                abort(403)
        return response

    @expose("/ajax/update/", methods=("POST",))
    def ajax_update(self):
        # Flask-Admin reads the row key without checking that it was posted: a crafted inline
        # edit without one would end in a server error. Refuse it as a bad request.
        if not request.form.get("list_form_pk"):
            abort(400)
        return super().ajax_update()

    @action(
        "delete",
        admin_lazy_gettext("Delete"),
        admin_lazy_gettext("Are you sure you want to delete selected records?"),
    )
    def action_delete(self, ids):
        # The ticked row ids arrive as text; PostgreSQL (psycopg 3 binds them typed) refuses
        # to compare an integer key with text, which would end the bulk delete in an error.
        key = sa_inspect(self.model).primary_key
        if len(key) == 1 and key[0].type.python_type is int:
            ids = [int(i) for i in ids if str(i).isdigit()]
        return super().action_delete(ids)

    @property
    def can_create(self) -> bool:
        return self._role_in(self.create_roles)

    @property
    def can_edit(self) -> bool:
        return self._role_in(self.edit_roles)

    @property
    def can_delete(self) -> bool:
        return self._role_in(self.delete_roles)

    # --- errors -----------------------------------------------------------------------------
    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, RuleError):
            flash(exc.message, "error")
            return True
        if isinstance(exc, StaleDataError):
            flash(stale_message(self, exc), "error")  # who changed what meanwhile
            return True
        if is_connection_lost(exc):
            flash(connection_lost_message(), "error")
            return True
        if isinstance(exc, IntegrityError):
            flash(
                _("The record conflicts with an existing one (a duplicate or a reference)."),
                "error",
            )
            return True
        # Never the database's own text: it holds the statement and every value in it.
        if isinstance(exc, DataError):
            log.warning("database refused a value: %s", type(exc.orig).__name__)
            flash(
                _(
                    "Some input could not be stored (an invisible control character, say, or "
                    "a number too large); check what you entered and save again."
                ),
                "error",
            )
            return True
        if isinstance(exc, SQLAlchemyError):
            log.error("saving failed in the database", exc_info=exc)
            flash(
                _(
                    "The database could not save this record; nothing was saved. Try again, "
                    "and tell the administrator if it happens again."
                ),
                "error",
            )
            return True
        return super().handle_view_exception(exc)
