"""A model list that stays fast at a million rows (mixed into the complaint view).

Flask-Admin's list runs a full ``count(*)`` on every page, reads deep pages by fetching and
throwing away every earlier row, and searches with ``ILIKE '%x%'`` over cast columns. Here:

- **Count.** The unfiltered list shows PostgreSQL's row estimate ("约 1,000,000"); a filtered,
  searched or department-scoped list counts at most a little past the current page
  ("1,000+"). Counting goes through the view's ``get_count_query``, so row scoping holds.
- **Pages.** The page's ids are read first — ordered by the sort column and the id, from an
  index alone, however deep the page — then just those rows are loaded with their department
  and handler in one query (``panel.complaints.indexes``).
- **Search.** Prefix matches on number, plate, phone or name (:mod:`panel.admin.fastlist.search`).
- **Page.** ``fastlist/list.html`` is Flask-Admin's list page written to render quickly: the
  table by :mod:`panel.admin.fastlist.rows`, what many requests share as fragments
  (:mod:`panel.admin.fragments`), texts translated once per language (:func:`admin_text`);
  the inline editors' audit mark is read along with the page's ids.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from flask import current_app, g, has_request_context, request
from flask_admin.babel import gettext as admin_gettext
from flask_admin.babel import ngettext as admin_ngettext
from flask_babel import get_locale
from flask_babel import gettext as _
from jinja2 import pass_context
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape
from sqlalchemy import bindparam, desc, func, literal_column, select, text
from sqlalchemy.orm import joinedload

from panel.admin import locking
from panel.admin.fastlist import rows as list_rows
from panel.admin.fastlist import search as list_search

ROW_KEY = 4_815_162_342_108  # stands for the row id in a cached link (a number: int routes)
COUNT_CAP = 1_000  # count exactly up to here; beyond, "1,000+"
ESTIMATE_FROM = 50_000  # an unfiltered table estimated larger than this is not counted
_estimates: dict[tuple[str, str], tuple[float, int | None]] = {}
_filter_groups: dict[tuple[int, str], list] = {}  # [read at, groups, their JSON]
_admin_texts: dict[tuple, str] = {}


def admin_text(string: str, **variables) -> str:
    """Flask-Admin's ``gettext`` (its own catalogue), each text translated once per language."""
    key = (str(get_locale()), string)
    text = _admin_texts.get(key)
    if text is None:
        text = _admin_texts[key] = admin_gettext(string)
    return text % variables if variables else text


def admin_ntext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Admin's ``ngettext``, translated once per language and number."""
    key = (str(get_locale()), singular, plural, num)
    text = _admin_texts.get(key)
    if text is None:
        text = _admin_texts[key] = admin_ngettext(singular, plural, num)
    return text % variables if variables else text


class ListCount(int):
    """A row count that may be an estimate or a lower bound, shown as such in the list."""

    kind: str = "exact"

    def __new__(cls, value: int, kind: str = "exact"):
        count = super().__new__(cls, value)
        count.kind = kind
        return count

    def __str__(self) -> str:
        if self.kind == "estimate":
            return _("about %(n)s", n=f"{int(self):,}")
        if self.kind == "at_least":
            return f"{int(self) - 1:,}+"
        return f"{int(self):,}"

    def __html__(self) -> Markup:
        return escape(str(self))


class FastListMixin:
    """``get_list`` with a cheap count, index-served deep pages and prefix search."""

    count_cap = COUNT_CAP
    estimate_from = ESTIMATE_FROM
    estimate_cache_seconds = 30.0  # the estimate moves slowly; read it at most this often
    filter_cache_seconds = 30.0  # the filter drop-downs (labels, departments) likewise
    list_eager = ()  # loader options for the page's rows, e.g. joinedload(Model.relation)
    list_template = (
        "fastlist/list.html"  # the table written out in Python (panel.admin.fastlist.rows)
    )

    @pass_context
    def list_header(self, context):
        return list_rows.render_header(self, context)

    @pass_context
    def list_rows(self, context):
        return list_rows.render_rows(self, context)

    @pass_context
    def list_pager(self, context):
        return list_rows.render_pager(self, context)

    def page_links(self, pager_url):
        """The pager's links: page 0 has no page argument, every other page is numbered."""
        return list_rows.numbered_links(pager_url, 0)

    def _filter_cache(self) -> list:
        key = (id(self), str(get_locale()))
        cached = _filter_groups.get(key)
        if cached is None or time.monotonic() - cached[0] > self.filter_cache_seconds:
            cached = [time.monotonic(), super()._get_filter_groups(), None]
            _filter_groups[key] = cached
        return cached

    def _get_filter_groups(self):
        return self._filter_cache()[1]

    def filter_groups_json(self) -> Markup:
        """The filter drop-downs as the list's script reads them (``tojson``), kept with them."""
        cached = self._filter_cache()
        if cached[2] is None:
            policies = current_app.jinja_env.policies
            dumps, options = policies["json.dumps_function"], policies["json.dumps_kwargs"]
            cached[2] = htmlsafe_json_dumps(cached[1], dumps=dumps, **options)
        return cached[2]

    def list_form(self, obj=None):
        # The inline editors of a page are the same form for every row (the template passes
        # each row's key and value): build it once per request, unless a checkbox needs the
        # row's own value.
        if obj is None or request.method != "GET":
            return super().list_form(obj)
        cache = g.setdefault("list_forms", {})
        form = cache.get(id(self))
        if form is None:
            form = super().list_form(obj)
            shared = not any(field.type == "BooleanField" for field in form)
            cache[id(self)] = form if shared else False
        return form or super().list_form(obj)

    def render(self, template, **kwargs):
        # The list template translates its menus' texts through admin_text/admin_ntext.
        kwargs.setdefault("_text", admin_text)
        kwargs.setdefault("_ntext", admin_ntext)
        return super().render(template, **kwargs)

    def get_url(self, endpoint, **kwargs):
        # A list builds the same links for every row (view, edit, print), differing only in
        # the row's id: build each link once per request and put the id in.
        keys = [k for k in kwargs if k == "id" or k.endswith("_id")]
        if len(keys) != 1 or not has_request_context():
            return super().get_url(endpoint, **kwargs)
        key = keys[0]
        shape = (endpoint, key, tuple(sorted((k, str(v)) for k, v in kwargs.items() if k != key)))
        links = g.setdefault("row_links", {})
        if shape not in links:
            link = super().get_url(endpoint, **{**kwargs, key: ROW_KEY})
            links[shape] = link if link.count(str(ROW_KEY)) == 1 else None
        if links[shape] is None:
            return super().get_url(endpoint, **kwargs)
        return links[shape].replace(str(ROW_KEY), quote(str(kwargs[key]), safe=""))

    def search_placeholder(self) -> str:
        return str(list_search.PLACEHOLDER)

    def _apply_search(self, query, count_query, joins, count_joins, search):
        for condition in list_search.conditions(search):
            query = query.filter(condition)
            if count_query is not None:
                count_query = count_query.filter(condition)
        return query, count_query, joins, count_joins

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        joins: dict = {}
        count_joins: dict = {}
        query = self.get_query()
        count_query = self.get_count_query()
        if self._search_supported and search:
            query, count_query, joins, count_joins = self._apply_search(
                query, count_query, joins, count_joins, search
            )
        if filters and self._filters:
            query, count_query, joins, count_joins = self._apply_filters(
                query, count_query, joins, count_joins, filters
            )
        query, joins = self._apply_sorting(query, joins, sort_column, sort_desc)
        # Ties are broken by the default sort and then the key, in the same direction, so that
        # pages are stable and follow an index such as (status, received_at, id).
        pk = self.model.__mapper__.primary_key[0]
        descending = sort_desc if sort_column is not None else self._default_descending()
        default = self._default_column()
        if not self._is_unique(sort_column):
            for column in ([default] if sort_column not in (None, default.key) else []) + [pk]:
                query = query.order_by(desc(column) if descending else column)

        page_size = self.page_size if page_size is None else page_size
        offset = (page or 0) * (page_size or 0)
        count = self._count(count_query, offset + (page_size or 0))
        if not execute:
            return count, self._apply_pagination(query.options(*self._eager()), page, page_size)
        if not page_size:
            return count, query.options(*self._eager()).all()
        # The inline editors' audit mark (panel.admin.locking) comes along with the ids.
        marked = locking.shows_inline_editors(self)
        columns = (pk, locking.page_mark_column()) if marked else (pk,)
        found = query.with_entities(*columns).offset(offset or None).limit(page_size).all()
        if not found:
            return count, []
        if marked:
            locking.remember_page_mark(found[0][1])
        ids = [row[0] for row in found]
        rows = query.session.scalars(self._rows_by_id(), {"page_ids": ids})
        by_id = {getattr(row, pk.key): row for row in rows.unique()}
        return count, [by_id[i] for i in ids if i in by_id]

    def _rows_by_id(self):
        """The statement that loads a page's rows by their ids, with the view's loader options
        (built once per view: it is the same for every page)."""
        statement = self.__dict__.get("_rows_statement")
        if statement is None:
            pk = self.model.__mapper__.primary_key[0]
            ids = bindparam("page_ids", expanding=True)
            statement = select(self.model).where(pk.in_(ids)).options(*self._eager())
            self.__dict__["_rows_statement"] = statement
        return statement

    def _is_unique(self, name) -> bool:
        column = self.model.__table__.columns.get(name) if isinstance(name, str) else None
        return column is not None and bool(column.unique or column.primary_key)

    def _default_column(self):
        default = self.column_default_sort
        name = default[0] if isinstance(default, tuple) else default
        return getattr(self.model, name) if isinstance(name, str) else name

    def _default_descending(self) -> bool:
        default = self.column_default_sort
        if isinstance(default, tuple) and len(default) == 2 and isinstance(default[1], bool):
            return default[1]
        return False

    def _eager(self) -> list:
        options = list(self.list_eager)
        if not options and self.column_auto_select_related:
            options = [joinedload(relation) for relation in self._auto_joins]
        return options

    # --- count --------------------------------------------------------------------------------
    def _count(self, count_query, needed: int) -> ListCount:
        if count_query.whereclause is None:
            estimate = self._estimate(count_query)
            if estimate is not None and estimate > self.estimate_from:
                return ListCount(estimate, "estimate")
        limit = max(self.count_cap, needed) + 1
        inner = count_query.with_entities(literal_column("1")).limit(limit).subquery()
        counted = count_query.session.scalar(select(func.count()).select_from(inner))
        return ListCount(counted, "at_least" if counted >= limit else "exact")

    def _estimate(self, count_query) -> int | None:
        """The planner's row estimate of the table (PostgreSQL), None elsewhere."""
        session = count_query.session
        bind = session.get_bind()
        if bind.dialect.name != "postgresql":
            return None
        key = (str(bind.engine.url), self.model.__table__.name)
        cached = _estimates.get(key)
        if cached is not None and time.monotonic() - cached[0] < self.estimate_cache_seconds:
            return cached[1]
        value = session.scalar(
            text("SELECT reltuples::bigint FROM pg_class WHERE oid = CAST(:t AS regclass)"),
            {"t": self.model.__table__.name},
        )
        estimate = int(value) if value is not None and value >= 0 else None
        _estimates[key] = (time.monotonic(), estimate)
        return estimate
