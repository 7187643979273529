"""The panel's error pages, in the user's language, in production as in development.

Werkzeug answers 400, 403, 404, 405, 413, 500 and 503 with English pages of its own; here each
is a page of the panel (``errors/page.html``) with a title, what happened and a way back. A
message given to ``abort(400, _("…"))`` is shown as it is; Werkzeug's own English descriptions
never are. The pages render without the database: a 500 or 503 may be about the database, and
loading the logged-in user for the page would fail again.

Values a request cannot carry are refused here too: a query string with control characters
(a NUL byte breaks a PostgreSQL statement; SQLite would store it) is a 400 before any view runs.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from panel.admin.outage import discard_session
from panel.core.clock import now
from panel.core.validation import CONTROL_CHARACTERS

log = logging.getLogger(__name__)

TITLES = {
    400: _l("The request is not valid"),
    403: _l("No access"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    413: _l("The upload is too large"),
    500: _l("Something went wrong"),
    503: _l("Service temporarily unavailable"),
}
MESSAGES = {
    400: _l(
        "The page received values it cannot use. Go back and try again from the panel's own pages."
    ),
    403: _l(
        "Your role may not open this page or take this step. Ask an administrator if you need it."
    ),
    404: _l("The page or record you asked for does not exist."),
    405: _l("This page cannot be used that way; open it from the panel's menu."),
    503: _l("The panel is busy or under maintenance; wait a moment and try again."),
}


# Fields of the panel's forms that carry no input of the user's.
HIDDEN_FIELDS = frozenset({"csrf_token", "list_form_pk", "op", "next", "url", "action", "rowid"})


def _back() -> str:
    """Where "Back" leads without a script: the page before, if it was one of ours."""
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url) and referrer != request.url:
        return referrer
    return url_for("admin.index")


def render_error(
    status: int,
    message: str | None = None,
    hint: str | None = None,
    resubmit: list[tuple[str, str]] | None = None,
):
    """The error page for ``status`` with ``message`` (or the status's own explanation);
    ``resubmit`` (a form's fields) puts the user's input on the page, ready to send again."""
    if status >= 500 and "_login_user" not in g:
        # The page needs no user; loading one would ask the database, which may be the fault.
        g._login_user = AnonymousUserMixin()
    title = TITLES.get(status) or TITLES[500 if status >= 500 else 400]
    text = message or MESSAGES.get(status) or MESSAGES[400]
    page = render_template(
        "errors/page.html",
        status=status,
        title=title,
        message=text,
        hint=hint,
        back=_back(),
        resubmit=resubmit,
        shown=[value for name, value in resubmit or () if _shown(name, value)],
    )
    return page, status


def _shown(name: str, value: str) -> bool:
    """Whether a resent field is worth showing: what the user typed, not tokens and keys."""
    return bool(value.strip()) and name not in HIDDEN_FIELDS and not name.startswith("_")


def _own_description(exc: HTTPException) -> str | None:
    """A message given to ``abort`` by the panel, as opposed to Werkzeug's English default."""
    default = getattr(type(exc), "description", None)
    if exc.description and exc.description != default:
        return str(exc.description)
    return None


def _http_error(exc: HTTPException):
    status = exc.code or 500
    if status == 413:
        return render_error(413, too_large_message())
    return render_error(status, _own_description(exc))


def _server_error(exc: InternalServerError):
    discard_session()
    message = _(
        "The panel could not complete this request; what you were saving was not saved. "
        "Try again; if it happens again, tell the administrator the time: %(time)s.",
        time=now().strftime("%Y-%m-%d %H:%M:%S"),
    )
    return render_error(500, message)


def _data_error(exc: DataError):
    """A value the database refuses (out of range, not text it can store): the request's fault,
    never shown with the statement and its parameters."""
    log.warning("database refused a value: %s", str(exc.orig).splitlines()[0][:200])
    discard_session()
    return render_error(400)


def too_large_message() -> str:
    """What was sent, and the most the panel takes at a time (and per evidence file)."""
    from panel.complaints.attachments import human_size, upload_limit

    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    sent = request.content_length
    message = _(
        "What you sent is %(size)s; the panel accepts at most %(limit)s at a time.",
        size=human_size(sent) if sent else _("more than that"),
        limit=human_size(limit),
    )
    file_limit = upload_limit()
    if file_limit:
        message += " " + _("Evidence files may be at most %(limit)s each.", limit=file_limit)
    return message


def refuse_control_characters() -> None:
    """A query string with control characters (a NUL byte, say) is a 400 before any view."""
    for key, value in request.args.items(multi=True):
        if CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value):
            raise BadRequest(
                _(
                    "The address holds control characters (such as NUL), which the panel "
                    "does not accept. Remove them and try again."
                )
            )


def init_app(app: Flask) -> None:
    """Register the pages for every status the panel answers with, in one place."""
    for status in TITLES:
        if status != 500:
            app.register_error_handler(status, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(DataError, _data_error)
    app.before_request(refuse_control_characters)
