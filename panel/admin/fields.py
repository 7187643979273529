"""Form fields whose parsing uses the same rules as the models, and reference fields that keep
what is stored and refuse what does not exist."""

from __future__ import annotations

from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_admin.model.fields import AjaxSelectField
from flask_babel import gettext as _
from wtforms import StringField
from wtforms.validators import StopValidation, ValidationError

from panel.core.errors import RuleError
from panel.core.validation import check_no_control_characters, normalise_amount


class AmountField(StringField):
    """An amount in yuan; accepts "1,200.50" or "¥300" and reports errors in the panel's words."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else None
        if self.raw is None:
            return
        try:
            self.data = normalise_amount(str(self.label.text), self.raw)
        except RuleError as exc:
            self.data = None
            raise ValueError(exc.message) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.2f}"


class PlainText:
    """A validator refusing control characters (a NUL byte, say) with the panel's message,
    before the field's other validators run."""

    def __init__(self, label) -> None:
        self.label = label

    def __call__(self, _form, field) -> None:
        if isinstance(field.data, str):
            try:
                check_no_control_characters(str(self.label), field.data)
            except RuleError as exc:
                field.errors[:] = []
                raise StopValidation(exc.message) from None


class LazyOptions:
    """Choices of a list filter read each time the list renders (in the viewer's language,
    from the current rows), where Flask-Admin would keep the list it was given at start-up."""

    def __init__(self, read):
        self._read = read

    def __bool__(self) -> bool:
        return True

    def __iter__(self):
        return iter(self._read())


def _not_a_choice(field) -> ValidationError:
    return ValidationError(
        _(
            "%(field)s: “%(value)s” is not one of the choices.",
            field=str(field.label.text),
            value=str(field._formdata)[:40],
        )
    )


class ReferenceSelectField(QuerySelectField):
    """A drop-down of related rows (a department, an offence) that keeps the stored row among
    its choices even when its query leaves it out — an inactive department renders as itself,
    marked inactive, and survives an edit of other fields instead of becoming empty — and
    refuses an id that is not a choice instead of saving no reference."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        plain = self.get_label

        def label(row) -> str:
            text = str(plain(row))
            if getattr(row, "active", True) is False:
                return _("%(name)s (inactive)", name=text)
            return text

        self.get_label = label

    def _get_object_list(self):
        if self._object_list is None:
            rows = super()._get_object_list()
            stored = self.object_data
            if stored is not None and all(row is not stored for _pk, row in rows):
                rows.insert(0, (str(self.get_pk(stored)), stored))
        return self._object_list

    def pre_validate(self, form) -> None:
        if self._formdata not in (None, "", "__None") and self.data is None:
            raise _not_a_choice(self)
        super().pre_validate(form)


class ReferenceAjaxSelectField(AjaxSelectField):
    """A look-up of related rows (a staff member, a user) that refuses an id it cannot find —
    an unknown number, text — instead of saving no reference."""

    def _get_data(self):
        key = self._formdata
        if key and not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) < 19):
            return self._data  # not a row id: never sent to the database
        return super()._get_data()

    data = property(_get_data, AjaxSelectField._set_data)

    def pre_validate(self, form) -> None:
        if self._formdata not in (None, "", "__None") and self.data is None:
            raise _not_a_choice(self)
        super().pre_validate(form)
