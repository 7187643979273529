"""The customer pages' forms: CSRF-protected (session token), messages in the user's language."""

from __future__ import annotations

import secrets

from flask import session
from flask_admin.form import SecureForm
from flask_babel import lazy_gettext as _l
from wtforms import FileField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from panel.core.errors import RuleError
from panel.core.validation import normalise_phone, normalise_plate

CHALLENGE_KEY = "public_challenge"
SCALE = [(str(n), str(n)) for n in range(1, 6)]


def _rule(normalise):
    """A model validator as a form validator: the same Chinese message, early."""

    def check(form, field):
        try:
            field.data = normalise(str(field.label.text), field.data)
        except RuleError as exc:
            raise ValidationError(exc.message) from None

    return check


class TrackForm(SecureForm):
    number = StringField(
        _l("Complaint number"),
        [InputRequired(_l("Enter the complaint number.")), Length(max=30)],
    )
    tail = StringField(
        _l("Last 4 digits of your phone number"),
        [Regexp(r"^\d{4}$", message=_l("Enter the last 4 digits of your phone number."))],
    )


class ComplainForm(SecureForm):
    complainant_name = StringField(
        _l("Your name"), [InputRequired(_l("Enter your name.")), Length(max=40)]
    )
    complainant_phone = StringField(
        _l("Mobile or phone number"),
        [InputRequired(_l("Enter a phone number we can reach you at.")), _rule(normalise_phone)],
    )
    plate_number = StringField(_l("Plate number"), [Optional(), _rule(normalise_plate)])
    content = TextAreaField(
        _l("What happened"),
        [InputRequired(_l("Tell us what happened.")), Length(max=4000)],
    )
    customer_demand = TextAreaField(_l("What you ask for"), [Optional(), Length(max=2000)])
    photo = FileField(_l("Photo (optional)"))
    answer = StringField(_l("Check"), [InputRequired(_l("Answer the check question."))])
    website = StringField("website")  # a honeypot: people never see it, robots fill it in
    via = HiddenField()

    def validate_answer(self, field):
        expected = session.pop(CHALLENGE_KEY, None)
        if expected is None or field.data.strip() != str(expected["sum"]):
            raise ValidationError(_l("The answer to the check question is wrong; try again."))

    def validate_website(self, field):
        if field.data:
            raise ValidationError(_l("The form could not be sent."))


def new_challenge() -> str:
    """A simple sum for the form (kept in the session), e.g. "3 + 5"."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    session[CHALLENGE_KEY] = {"sum": a + b}
    return f"{a} + {b}"


class SurveyForm(SecureForm):
    speed = RadioField(_l("Response speed"), choices=SCALE, validators=[InputRequired()])
    attitude = RadioField(_l("Service attitude"), choices=SCALE, validators=[InputRequired()])
    result = RadioField(_l("Handling result"), choices=SCALE, validators=[InputRequired()])
    overall = RadioField(_l("Overall satisfaction"), choices=SCALE, validators=[InputRequired()])
    comment = TextAreaField(_l("Your comments (optional)"), [Optional(), Length(max=1000)])

    def ratings(self) -> dict[str, int]:
        return {
            name: int(getattr(self, name).data)
            for name in ("speed", "attitude", "result", "overall")
        }
