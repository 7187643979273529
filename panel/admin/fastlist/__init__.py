"""The complaint list that stays fast at a million rows: listing (no full count, pages read
through indexes), the rows written out in Python, search by the start of a number, plate or
phone, and index-served look-ups. Its page template is ``fastlist/list.html``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("fastlist", __name__, template_folder="templates")
