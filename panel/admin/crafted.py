"""Values a browser never sends, refused as a bad request (400) with a message naming them.

A forged filter value (``?flt0_0=bogus``), a row id no database column can hold (a 20-digit
number, text for a number) or a page number past any list would otherwise reach the database
and end in a server error: PostgreSQL refuses to bind them, SQLAlchemy's enums refuse unknown
members, SQLite overflows. :class:`CraftedValuesMixin` checks them for every model view.
"""

from __future__ import annotations

import re

from flask import abort, request
from flask_admin.contrib.sqla.filters import FilterInList, FilterNotInList
from flask_admin.model.filters import BaseIntFilter, BaseIntListFilter
from flask_babel import gettext as _
from sqlalchemy import inspect
from werkzeug.routing import IntegerConverter

MAX_KEY = 2**63 - 1  # the largest BIGINT; an INTEGER column simply finds nothing above 2**31
MAX_PAGE = 1_000_000  # pages of 20 or more: far past any list, still a small OFFSET
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in URLs, up to the largest key a database column holds: a 20-digit id in a
    path is no page of the panel (404), not a number SQLite cannot bind (a server error)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_KEY, signed=False) -> None:
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _whole_number(text: str) -> bool:
    return bool(_WHOLE_NUMBER.fullmatch(text)) and abs(int(text)) <= MAX_KEY


def check_row_id(model, row_id) -> None:
    """Refuse a row id that cannot be the key of ``model`` (an integer key)."""
    key = inspect(model).primary_key
    if len(key) != 1 or key[0].type.python_type is not int:
        return
    text = str(row_id)
    if not (_whole_number(text) and int(text) >= 0):
        abort(400, description=_("“%(id)s” is not a valid record number.", id=text[:40]))


def _options(flt) -> list[str] | None:
    options = flt.options
    if options is None:
        return None
    if callable(options):
        options = options()
    return [str(value) for value, _label in options]


def filter_value_ok(flt, value: str) -> bool:
    """Whether ``value`` is one the filter offers (or, for an open filter, one it can use)."""
    try:
        if not flt.validate(value):
            return False
        flt.clean(value)
    except Exception:  # a filter that cannot even read the value
        return False
    listed = isinstance(flt, FilterInList | FilterNotInList | BaseIntListFilter)
    values = [v.strip() for v in value.split(",") if v.strip()] if listed else [value]
    if isinstance(flt, BaseIntFilter | BaseIntListFilter) and not all(map(_whole_number, values)):
        return False
    allowed = _options(flt)
    return allowed is None or all(v in allowed for v in values)


def check_filter_value(flt, value: str) -> None:
    """Refuse a filter value the filter does not offer, naming the filter and the value."""
    if not filter_value_ok(flt, value):
        abort(
            400,
            description=_(
                "Filter “%(filter)s”: “%(value)s” is not one of its values.",
                filter=str(flt.name),
                value=value[:60],
            ),
        )


def check_page(page: int | None) -> None:
    """Refuse a page number below the first or past any list."""
    if page is not None and not 0 <= page <= MAX_PAGE:
        abort(400, description=_("There is no page %(page)s of this list.", page=page))


class CraftedValuesMixin:
    """Row ids, filter values and page numbers of a model view checked before they reach the
    database (mixed into ``panel.admin.base.SecureModelView``)."""

    def get_one(self, id):
        check_row_id(self.model, id)
        return super().get_one(id)

    def _get_list_filter_args(self):
        # Flask-Admin's own loop, except that a value the filter does not offer is refused
        # (Flask-Admin passes e.g. an unknown enum member on to the database).
        if not self._filters:
            return None
        filters = []
        for arg in request.args:
            if not arg.startswith("flt") or "_" not in arg:
                continue
            position, key = arg[3:].split("_", 1)
            if key in self._filter_args:
                index, flt = self._filter_args[key]
                value = request.args[arg]
                check_filter_value(flt, value)
                filters.append((position, (index, str(flt.name), value)))
        return [f[1] for f in sorted(filters, key=lambda f: f[0])]

    def _get_list_extra_args(self):
        args = super()._get_list_extra_args()
        check_page(args.page)
        return args
