"""The landing-page banner: next year's public holidays are not in the working calendar yet.

The State Council publishes the next year's arrangement each November or December; until it
is entered (or imported from an updated library), due times in that year treat every weekday
as a working day. Managers and the administrator see the banner on their landing page.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from panel.access.roles import MANAGERS
from panel.organisation.models.user import Role, User
from panel.worktime import store

BANNER_ROLES = MANAGERS | {Role.ADMIN}


def calendar_banners(session: Session, user: User, today: date) -> list[dict]:
    """``[{"text", "url"}]`` for the user's landing page (empty when all is in order)."""
    if user.role not in BANNER_ROLES:
        return []
    year = today.year + 1
    if store.has_holidays(session, year):
        return []
    text = _(
        "The public holidays of %(year)d are not in the working calendar yet: when the State "
        "Council's notice is out, the administrator enters or imports them under Working "
        "calendar.",
        year=year,
    )
    return [{"text": text, "url": url_for("work_day.index_view"), "year": year}]
