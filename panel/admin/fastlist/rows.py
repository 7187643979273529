"""The table of a model list, written out in Python (the complaint list's ``fastlist/list.html``).

Flask-Admin's list template renders every row through Jinja: a macro call per row action, a
block per row, a look-up and an escape per cell, each bit of output passed up through the
template's inheritance. For a page of 20 rows that was most of the request. Here a page's
rows are one string, with the same markup: the checkbox for bulk actions, the row actions
the user may take, each cell's value as the view formats it (``get_list_value``: formatters,
phone masking) and escaped, the inline editors with their CSRF token. The header row, with
its sort links, and the pager likewise.

Row actions that are links to the row (view, edit, an endpoint taking the row id) are
written once per page, as Flask-Admin's ``row_actions.link`` macro writes them, for a
stand-in id, which each row's id then replaces; pop-up links are rendered once through their
macro the same way; any other action, or a key that is not a plain number, is rendered row by
row through its macro. Links that differ only in a number (the pager's pages, the header's
sort columns) are built the same way (:func:`numbered_links`). Enum values and references
to other rows (a department, a handler), which the rows of a page share, are formatted once.
"""

from __future__ import annotations

from flask_admin.babel import gettext as admin_gettext
from flask_admin.model import BaseModelView
from flask_admin.model import template as row_action
from flask_babel import get_locale
from markupsafe import Markup, escape
from sqlalchemy import Enum

# Actions whose markup depends on the row only through its id: the links of Flask-Admin's
# ``row_actions.link`` macro, written out here (view, edit, an endpoint taking the row id) ...
LINK_ACTIONS = {
    row_action.ViewRowAction: (".details_view", "fa fa-eye glyphicon glyphicon-eye-open"),
    row_action.EditRowAction: (".edit_view", "fa fa-pencil glyphicon glyphicon-pencil"),
    row_action.EndpointLinkRowAction: (None, None),
}
# ... and the pop-up variants, rendered once through their macro.
STAMPED_ACTIONS = (row_action.ViewPopupRowAction, row_action.EditPopupRowAction)
STAND_IN_ID = "4815162342108"  # a number: it passes URL quoting and escaping unchanged
_UNSEEN = object()
SORT_ICON = ' <span class="fa fa-chevron-{0} glyphicon glyphicon-chevron-{0}"></span>'


def numbered_links(make_link, *special: int):
    """``make_link(n)`` for numbers ``n``, built once for a stand-in number and the number put
    in; ``special`` numbers (a first page that has no page argument), or a link where the
    stand-in is not found exactly once, go to ``make_link`` itself."""
    stamp = make_link(int(STAND_IN_ID))
    if str(stamp).count(STAND_IN_ID) != 1:
        return make_link

    def link(number):
        if not isinstance(number, int) or number < 0 or number in special:
            return make_link(number)
        return stamp.replace(STAND_IN_ID, str(number))

    return link


def _page_item(href: str | None, text: str, state: str = "") -> str:
    if href is None:
        href = "javascript:void(0)"
    css = f"page-item {state}" if state else "page-item"
    return f'<li class="{css}">\n<a class="page-link" href="{escape(href)}">{text}</a>\n</li>\n'


def render_pager(view, context) -> Markup:
    """Flask-Admin's pager (``lib.pager``, or ``lib.simple_pager`` without a page count):
    first, previous, up to seven pages around the current one, next, last."""
    page, pages, link = context["page"], context["num_pages"], view.page_links(context["pager_url"])
    if pages is None:
        has_next = len(context["data"]) == context["page_size"]
        back = (link(page - 1), "") if page > 0 else (link(0), "disabled")
        forward = (link(page + 1), "") if has_next else (link(page), "disabled")
        items = [_page_item(back[0], "&lt;", back[1]), _page_item(forward[0], "&gt;", forward[1])]
        return Markup('<ul class="pagination">\n' + "".join(items) + "</ul>")
    if pages <= 1:
        return Markup("")
    first, last = page - 3, page + 3 + 1
    if first < 0:
        last -= first
    if last >= pages:
        first = first - last + pages
    first, last = max(first, 0), min(last, pages)
    items = [
        _page_item(link(0), "&laquo;") if first > 0 else _page_item(None, "&laquo;", "disabled"),
        _page_item(link(page - 1), "&lt;") if page > 0 else _page_item(None, "&lt;", "disabled"),
    ]
    for number in range(first, last):
        if number == page:
            items.append(_page_item(None, str(number + 1), "active"))
        else:
            items.append(_page_item(link(number), str(number + 1)))
    items += [
        _page_item(link(page + 1), "&gt;")
        if page + 1 < pages
        else _page_item(None, "&gt;", "disabled"),
        _page_item(link(pages - 1), "&raquo;")
        if last < pages
        else _page_item(None, "&raquo;", "disabled"),
    ]
    return Markup('<ul class="pagination">\n' + "".join(items) + "</ul>")


def _header_texts(view, columns) -> dict:
    """Each column's label and sort-link title, escaped, in the current language: translated
    once per language and set of columns (the labels are lazy, looked up each time shown)."""
    cache = view.__dict__.setdefault("_header_texts", {})
    key = (str(get_locale()), tuple(name for name, _label in columns))
    texts = cache.get(key)
    if texts is None:
        texts = cache[key] = {
            name: (escape(label), escape(admin_gettext("Sort by %(name)s", name=label)))
            for name, label in columns
        }
    return texts


def render_header(view, context) -> Markup:
    """The header cells of Flask-Admin's list: bulk-action toggle, actions column, one cell per
    column with its sort link (and the sort direction on the sorted column)."""
    out: list[str] = []
    if context["actions"]:
        title = escape(admin_gettext("Select all records"))
        out.append(
            '<th class="list-checkbox-column"><input type="checkbox" name="rowtoggle" '
            f'class="action-rowtoggle" title="{title}" /></th>'
        )
    if view.column_display_actions:
        out.append('<th class="">&nbsp;</th>')
    sorted_column, descending = context["sort_column"], context["sort_desc"]
    sort_url = context["sort_url"]
    sort_link = numbered_links(sort_url)
    descriptions = view.column_descriptions or {}
    texts = _header_texts(view, context["list_columns"])
    for index, (name, _label) in enumerate(context["list_columns"]):
        label, title = texts[name]
        out.append(f'<th class="column-header col-{escape(str(name).replace(".", "-"))}">')
        if view.is_sortable(name):
            if sorted_column == index:
                link = sort_url(index, True)
                icon = SORT_ICON.format("down" if descending else "up")
            else:
                link, icon = sort_link(index), ""
            out.append(f'<a href="{escape(link)}" title="{title}">{label}{icon}</a>')
        else:
            out.append(label)
        if descriptions.get(name):
            out.append(
                ' <a class="fa fa-question-circle glyphicon glyphicon-question-sign" '
                f'title="{escape(descriptions[name])}" href="javascript:void(0)" '
                'data-role="tooltip"></a>'
            )
        out.append("</th>")
    return Markup("".join(out))


def _link_markup(action, context, row_id: str) -> str:
    """What Flask-Admin's ``row_actions.link`` macro renders for a link action."""
    endpoint, icon = LINK_ACTIONS[type(action)]
    if endpoint is not None:
        url = context["get_url"](endpoint, id=row_id, url=context["return_url"])
    else:
        kwargs = dict(action.url_args) if action.url_args else {}
        kwargs[action.id_arg] = row_id
        url, icon = context["get_url"](action.endpoint, **kwargs), action.icon_class
    return (
        f'<a class="icon" href="{escape(url)}" title="{escape(action.title or "")}">\n'
        f'  <span class="{escape(icon)}"></span>\n</a>'
    )


def _with_row_action_macros(context):
    """The page's context with Flask-Admin's row-action macros, as its list template imports
    them (``row_actions``), for the actions rendered through their macros."""
    if "row_actions" in context:
        return context
    template = context.environment.get_template("admin/model/row_actions.html")
    return context.derived({"row_actions": template.make_module(context.get_all(), True)})


def _action_stamp(action, context) -> str | None:
    """The action's markup with :data:`STAND_IN_ID` for the row id, or None to render per row."""
    if type(action) in LINK_ACTIONS:
        html = _link_markup(action, context, STAND_IN_ID)
    elif type(action) in STAMPED_ACTIONS:
        html = str(action.render(_with_row_action_macros(context), STAND_IN_ID, None))
    else:
        return None
    return html if html.count(STAND_IN_ID) == 1 else None


def _few_valued_columns(view, names) -> dict[str, bool]:
    """The list columns shown without a column formatter whose values a page shares: enums
    (by value) and references to another row, such as a department (by object, ``True``).
    Each of their values is formatted once per page."""
    formatted = view.column_formatters or {}
    table_columns = view.model.__table__.columns
    relationships = view.model.__mapper__.relationships
    few: dict[str, bool] = {}
    for name in names:
        if name in formatted:
            continue
        if name in table_columns and isinstance(table_columns[name].type, Enum):
            few[name] = False
        elif name in relationships and not relationships[name].uselist:
            few[name] = True
    return few


def _value_getter(view, context):
    """``get_list_value(row, name)`` for the page: Flask-Admin's method reads the view's
    formatters on every call; unless a view overrides it, they are read here once."""
    if type(view).get_list_value is not BaseModelView.get_list_value:
        return lambda row, name: view.get_list_value(context, row, name)
    get_value = view._get_list_value
    formatters, type_formatters = view.column_formatters, view.column_type_formatters
    return lambda row, name: get_value(context, row, name, formatters, type_formatters)


def _editor_csrf(form, context) -> dict:
    """The CSRF argument of an inline editor, as Flask-Admin's list template passes it."""
    token = getattr(form, "csrf_token", None)
    if token:
        return {"csrf": token._value()}
    make_token = context.get("csrf_token")
    return {"csrf": make_token()} if make_token else {}


def render_rows(view, context) -> Markup:
    """The ``<tr>`` of every row in ``context["data"]``, as Flask-Admin's list would render them."""
    rows = context["data"]
    get_pk = view.get_pk_value
    list_forms = context["list_forms"]
    columns = [
        (name, view.is_editable(name), f'<td class="col-{escape(name)}">')
        for name, _label in context["list_columns"]
    ]
    get_value = _value_getter(view, context)
    few = _few_valued_columns(view, [name for name, _editable, _opening in columns])
    shown: dict[tuple[str, object], object] = {}
    tokens: dict[int, dict] = {}
    macros = None  # the context with the row-action macros, once an action needs them
    checkbox = None
    if context["actions"]:
        title = escape(admin_gettext("Select record"))
        checkbox = (
            '<td><input type="checkbox" name="rowid" class="action-checkbox" value="',
            f'" title="{title}" /></td>',
        )
    actions = context["list_row_actions"] if view.column_display_actions else None
    stamps = [(action, _action_stamp(action, context)) for action in actions or ()]
    out: list[str] = []
    for row in rows:
        pk = get_pk(row)
        out.append("<tr>")
        if checkbox is not None:
            out += (checkbox[0], escape(pk), checkbox[1])
        if actions is not None:
            out.append('<td class="list-buttons-column">')
            numeric = str(pk).isdigit()
            for action, stamp in stamps:
                if stamp is not None and numeric:
                    out.append(stamp.replace(STAND_IN_ID, str(pk)))
                else:
                    macros = macros or _with_row_action_macros(context)
                    out.append(str(action.render(macros, pk, row)))
            out.append("</td>")
        for name, editable, opening in columns:
            out.append(opening)
            if name in few:
                raw = getattr(row, name)
                key = (name, id(raw) if few[name] else raw)
                value = shown.get(key, _UNSEEN)
                if value is _UNSEEN:
                    value = shown[key] = get_value(row, name)
            else:
                value = get_value(row, name)
            if editable:
                form = list_forms[pk]
                csrf = tokens.get(id(form))  # the rows usually share one form
                if csrf is None:
                    csrf = tokens[id(form)] = _editor_csrf(form, context)
                out.append(str(form[name](pk=pk, display_value=value, **csrf)))
            else:
                out.append(escape(value))
            out.append("</td>")
        out.append("</tr>\n")
    return Markup("".join(out))
