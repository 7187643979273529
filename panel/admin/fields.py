"""Form fields whose parsing uses the same rules as the models."""

from __future__ import annotations

from wtforms import StringField

from panel.core.errors import RuleError
from panel.core.validation import normalise_amount


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


class LazyOptions:
    """Choices of a list filter read each time the list renders (in the viewer's language,
    from the current rows), where Flask-Admin would keep the list it was given at start-up."""

    def __init__(self, read):
        self._read = read

    def __bool__(self) -> bool:
        return True

    def __iter__(self):
        return iter(self._read())
