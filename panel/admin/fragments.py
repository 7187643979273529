"""Parts of every admin page that many requests share, rendered once and reused.

The navigation menu and the style sheets and scripts around each page were rendered anew for
every request: a few dozen macro calls and URL look-ups each time, for the same markup.
``panel_base.html`` (and the complaint list's ``fastlist/list.html``, for its own style sheets
and scripts) wrap them in ``{% call page_fragment(...) %}``: the block is rendered the first
time its key is seen and reused afterwards.

A fragment's key is all that its markup depends on: its name, the page's view, the language,
the site's root URL and whatever the template adds — for the menu, which entries the user
may open (:func:`menu_entries_shown`), so two users who see the same entries share one menu.
The request's CSP nonce is stored as a mark and put back in for each request. Each app keeps
its own fragments.
"""

from __future__ import annotations

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

NONCE_MARK = "\x00nonce\x00"  # cannot occur in rendered markup
MAX_FRAGMENTS = 4096  # a bound, should the keys ever multiply; then start afresh


def _store() -> dict:
    return current_app.extensions.setdefault("page_fragments", {})


def menu_entries_shown(admin) -> tuple[bool, ...]:
    """For each entry of the admin's menu tree, whether the current user is shown it."""
    shown: list[bool] = []

    def walk(items) -> None:
        for item in items:
            if item.is_category():
                walk(item._children)
            else:
                shown.append(bool(item.is_accessible() and item.is_visible()))

    walk(admin.menu())
    walk(admin.menu_links())
    return tuple(shown)


def page_fragment(name: str, view, *key, nonce: str = "", caller) -> Markup:
    """The block inside ``{% call %}``, rendered once per key (``view``: the page's view)."""
    full_key = (name, view.endpoint, str(get_locale()), request.script_root, *key)
    store = _store()
    html = store.get(full_key)
    if html is None:
        html = str(caller())
        if nonce:
            html = html.replace(nonce, NONCE_MARK)
        if len(store) >= MAX_FRAGMENTS:
            store.clear()
        store[full_key] = html
    return Markup(html.replace(NONCE_MARK, nonce) if nonce else html)
