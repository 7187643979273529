"""Complaint drop-downs (AJAX look-ups) that an index answers at a million complaints.

Flask-Admin's look-up matches ``ILIKE '%term%'`` on each field: finding one complaint number
reads most of the table (over half a second at 1,000,000 complaints, on every keystroke). A
complaint look-up here matches the start of the number, plate, phone or name instead, like the
list's search box (:mod:`panel.admin.fastlist.search`), through the loader's own ``get_query`` — so
row scoping stays as it was.
"""

from __future__ import annotations

from flask_admin.contrib.sqla.ajax import DEFAULT_PAGE_SIZE

from panel.admin.fastlist import search
from panel.complaints.models import Complaint


class PrefixLookup:
    """Mixed in front of a complaint loader's class."""

    def get_list(self, term, offset=0, limit=DEFAULT_PAGE_SIZE):
        if self.filters:  # extra SQL filters of the field's options: keep Flask-Admin's way
            return super().get_list(term, offset, limit)
        conditions = search.conditions(term or "")
        if not conditions:
            return []
        query = self.get_query().filter(*conditions)
        if self.order_by:
            query = query.order_by(self.order_by)
        return query.offset(offset).limit(limit).all()


_classes: dict[type, type] = {}


def indexed(loader):
    """The same loader, answering complaint look-ups by prefix (other models unchanged)."""
    if getattr(loader, "model", None) is not Complaint or isinstance(loader, PrefixLookup):
        return loader
    base = type(loader)
    if base not in _classes:
        _classes[base] = type(f"Prefix{base.__name__}", (PrefixLookup, base), {})
    loader.__class__ = _classes[base]
    return loader


class IndexedLookupMixin:
    """Model views whose forms look complaints up: the look-up goes through an index."""

    def _create_ajax_loader(self, name, options):
        return indexed(super()._create_ajax_loader(name, options))
