"""The registration form on one screen: grouped field sets in three columns, made with
Flask-Admin's form rules; the vehicle or trip fields the company's kind of business needs;
severity and urgency left to the criteria unless someone raises them (or a manager lowers
them); every field checked at once.

The rules render a field only when the form has it: forms leave out what a role may not
write (:mod:`panel.admin.scoped`) and what the kind of business does not use.
"""

from __future__ import annotations

from flask_admin.form import Select2Field, rules
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import validators

from panel.admin.locking import TOKEN_FIELD
from panel.complaints.enums import Severity, Urgency
from panel.complaints.models import FLAG_FIELDS, Complaint
from panel.core.errors import RuleError
from panel.core.models import lazy_label
from panel.core.validation import check_int_range, normalise_phone, normalise_plate

VEHICLE_FIELDS = ("plate_number", "vehicle_model", "repair_order_no")
TRIP_FIELDS = ("trip_at", "trip_route")
# The fields each kind of business uses (panel.organisation.settings.business_kind).
UNUSED_BY_KIND = {
    "dealer": TRIP_FIELDS,
    "repair_shop": TRIP_FIELDS,
    "taxi": ("vehicle_model", "repair_order_no"),
    "mixed": (),
}
VEHICLE_LEGEND = {
    "dealer": _l("Vehicle and repair order"),
    "repair_shop": _l("Vehicle and repair order"),
    "taxi": _l("The trip"),
    "mixed": _l("Vehicle or trip"),
}
CLASSIFICATION_FIELDS = ("severity", "urgency", "severity_lowered_reason")


class _Field(rules.Field):
    """A form field, rendered by Flask-Admin's ``lib.render_field`` when the form has it."""

    def __call__(self, form, form_opts=None, field_args=None):
        if self.field_name not in form:
            return ""
        return super().__call__(form, form_opts, field_args)


class _Flags(rules.BaseRule):
    """The flag check boxes as a compact grid (nine flags in three short rows)."""

    def __init__(self, names) -> None:
        super().__init__()
        self.names = tuple(names)

    @property
    def visible_fields(self) -> list[str]:
        return list(self.names)

    def __call__(self, form, form_opts=None, field_args=None):
        cells = []
        for name in self.names:
            if name not in form:
                continue
            field = form[name]
            cells.append(
                Markup(
                    '<div class="form-check col-6 col-xl-4"><label class="form-check-label">'
                    "{} {}</label></div>"
                ).format(field(class_="form-check-input"), field.label.text)
            )
        if not cells:
            return ""
        return Markup('<div class="form-row desk-flags" data-testid="flags">{}</div>').format(
            Markup("").join(cells)
        )


class _Group(rules.NestedRule):
    """A field set with its legend; left out when the form has none of its fields."""

    def __init__(self, name: str, legend, children) -> None:
        super().__init__(list(children))
        self.name, self.legend = name, legend

    def __call__(self, form, form_opts=None, field_args=None):
        if not any(name in form for name in self.visible_fields):
            return ""
        legend, kind = self.legend, getattr(form, "business_kind", "")
        if self.name == "vehicle":  # named after what the kind of business records
            legend = VEHICLE_LEGEND.get(kind, legend)
            if kind == "mixed":
                legend = Markup("{} {}").format(legend, _vehicle_or_trip())
        body = super().__call__(form, form_opts, field_args)
        return Markup(
            '<fieldset class="desk-group" data-group="{}" data-kind="{}"><legend>{}</legend>'
            "{}</fieldset>"
        ).format(self.name, kind, legend, body)


def _vehicle_or_trip() -> Markup:
    """A dealer with a taxi fleet: the clerk says which one the complaint is about (the
    script shows that one's fields; the choice itself is not stored)."""
    return Markup(
        '<span class="btn-group btn-group-sm btn-group-toggle ml-2 desk-kind" '
        'data-toggle="buttons">'
        '<label class="btn btn-outline-secondary active"><input type="radio" name="_desk_kind" '
        'value="vehicle" checked> {}</label>'
        '<label class="btn btn-outline-secondary"><input type="radio" name="_desk_kind" '
        'value="trip"> {}</label></span>'
    ).format(_("Vehicle"), _("Taxi trip"))


class _Column(rules.NestedRule):
    def __init__(self, children, css: str) -> None:
        super().__init__(list(children))
        self.css = css

    def __call__(self, form, form_opts=None, field_args=None):
        return Markup('<div class="{}">{}</div>').format(
            self.css, super().__call__(form, form_opts, field_args)
        )


class _Live(rules.BaseRule):
    """The criteria's verdict and the promise warnings, updated as the clerk types."""

    def __call__(self, form, form_opts=None, field_args=None):
        from panel.complaints.preview import panel_of_form

        return panel_of_form(form)


class _Layout(rules.NestedRule):
    """The columns, and the hidden fields rendered with the form's CSRF token."""

    @property
    def visible_fields(self) -> list[str]:
        return [*super().visible_fields, "csrf_token", TOKEN_FIELD]

    def __call__(self, form, form_opts=None, field_args=None):
        return Markup('<div class="form-row desk-columns">{}</div>').format(
            super().__call__(form, form_opts, field_args)
        )


def _group(name: str, legend, names) -> _Group:
    return _Group(name, legend, [_Field(n) for n in names])


def form_rules() -> list:
    """The registration (and edit) form: customer and vehicle or trip | the complaint and
    what the customer asks | classification, flags and the live verdict."""
    column = "col-lg-4 desk-column"
    return [
        _Layout(
            [
                _Column(
                    [
                        _group(
                            "customer",
                            _l("Customer"),
                            (
                                "received_at",
                                "channel",
                                "regulator_name",
                                "complainant_name",
                                "complainant_phone",
                                "complainant_address",
                            ),
                        ),
                        _group("vehicle", _l("Vehicle or trip"), VEHICLE_FIELDS + TRIP_FIELDS),
                    ],
                    column,
                ),
                _Column(
                    [
                        _group(
                            "complaint",
                            _l("The complaint"),
                            (
                                "content",
                                "read_back",
                                "category",
                                "complained_department",
                                "complained_staff",
                                "responsible_department",
                            ),
                        ),
                        _group(
                            "demand",
                            _l("What the customer asks"),
                            ("customer_demand", "amount_claimed", "people_count", "nature"),
                        ),
                    ],
                    column,
                ),
                _Column(
                    [
                        _Group(
                            "classification",
                            _l("Classification and flags"),
                            [_Flags(FLAG_FIELDS), *(_Field(n) for n in CLASSIFICATION_FIELDS)],
                        ),
                        _Live(),
                    ],
                    column,
                ),
            ]
        )
    ]


def leave_to_the_criteria(form_class) -> None:
    """Severity and urgency start blank, "by the criteria": the flush-time classification
    sets them (:mod:`panel.complaints.rules.classification`). Choosing a level raises it;
    only a manager may choose one below the criteria, with a reason."""
    for name, enum in (("severity", Severity), ("urgency", Urgency)):
        setattr(
            form_class,
            name,
            Select2Field(
                lazy_label(Complaint, name),
                choices=enum.choices(),
                coerce=enum.coerce,
                allow_blank=True,
                blank_text=_l("By the criteria"),
                validators=[validators.Optional()],
            ),
        )


def fit_to_business(form, kind: str, obj=None):
    """Leave out the fields the kind of business does not use (unless the row holds a value
    in one); the form remembers the kind for its legend and script."""
    for name in UNUSED_BY_KIND.get(kind, ()):
        if name in form and getattr(obj, name, None) in (None, ""):
            del form[name]
    form.business_kind = kind
    return form


# --- every field at once ----------------------------------------------------------------------

# The model's field rules the form asks first, so that every error shows at once.
_CHECKS = {
    "complainant_phone": normalise_phone,
    "plate_number": normalise_plate,
    "people_count": lambda label, value: check_int_range(label, value, 1, 100000),
}


def check_fields(form, session, actor, registered_at) -> bool:
    """Run the model's checks of each field on the form's input (phone, plate, number of
    people, receipt time) and put each refusal under its field; True when all pass."""
    from panel.complaints.rules.intake import check_received_at

    ok = True
    for name, check in _CHECKS.items():
        if name not in form or form[name].errors:
            continue
        value = form[name].data
        try:
            check(str(form[name].label.text), value)
        except RuleError as exc:
            form[name].errors = [*form[name].errors, exc.message]
            ok = False
    received = form.received_at if "received_at" in form else None
    stored = getattr(form, "complaint", None)
    changed = received is not None and (stored is None or received.data != stored.received_at)
    if changed and received.data and not received.errors:  # an unchanged receipt stays valid
        try:
            check_received_at(session, received.data, registered_at, actor)
        except RuleError as exc:
            received.errors = [*received.errors, exc.message]
            ok = False
    return ok


def put_under_field(form, error: RuleError) -> bool:
    """Show a flush-time refusal under the field it names; False when the form lacks it."""
    name = error.field
    if name and name.endswith("_id") and name[:-3] in form:
        name = name[:-3]
    if not name or name not in form:
        return False
    field = form[name]
    field.errors = [*(field.errors or []), error.message]
    return True


def error_summary(form) -> list[tuple[str, str]]:
    """``(label, message)`` of every field error, in the form's order."""
    return [
        (str(field.label.text), str(message))
        for field in form
        for message in (field.errors or [])
        if isinstance(message, str)
    ]


def summary_html(form) -> Markup:
    errors = error_summary(form)
    if not errors:
        return Markup("")
    items = Markup("").join(
        Markup("<li>{}</li>").format(message)
        if message.startswith(label)  # the rules' messages name their field already
        else Markup("<li><b>{}</b>：{}</li>").format(label, message)
        for label, message in errors
    )
    heading = escape(_("%(n)d fields need correcting:", n=len(errors)))
    return Markup(
        '<div class="alert alert-danger py-2" role="alert" data-testid="form-errors">'
        '{}<ul class="mb-0">{}</ul></div>'
    ).format(heading, items)
