"""Settings editable in the panel: thresholds, company details for notices, and the like."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from panel.core.extensions import db
from panel.core.models import TimestampMixin, label


class Setting(TimestampMixin, db.Model):
    """A key and its value as text; ``panel.organisation.settings`` knows each key's type and
    default."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True, info=label("Setting"))
    value: Mapped[str] = mapped_column(Text, default="", info=label("Value", max_length=2000))

    def __repr__(self) -> str:
        return f"<Setting {self.key}={self.value!r}>"
