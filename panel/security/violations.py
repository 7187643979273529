"""Content-Security-Policy violation reports sent by the browsers: logged, never stored.

A page that trips the policy (a script without the nonce, a resource from elsewhere) is
blocked in the browser without a word to anyone; the policy's ``report-uri`` makes the
browser tell the server, so the operator reads it in the log (logger ``panel.csp``). Anyone
may post here, signed in or not, so a report is size-capped, reduced to a few known fields,
and at most ``PER_MINUTE`` are logged per worker each minute.
"""

from __future__ import annotations

import logging
import time

from flask import Blueprint, request
from flask_login import current_user

MAX_BYTES = 16 * 1024
PER_MINUTE = 60
FIELDS = {  # old ``report-uri`` names → Reporting API names
    "document-uri": "documentURL",
    "violated-directive": "effectiveDirective",
    "blocked-uri": "blockedURL",
    "source-file": "sourceFile",
    "line-number": "lineNumber",
}

log = logging.getLogger("panel.csp")
bp = Blueprint("csp", __name__)
_minute = {"start": 0.0, "logged": 0}


@bp.post("/csp-report")
def csp_report():
    """Log the violations of one report; always answers 204, whatever was sent."""
    if (request.content_length or 0) <= MAX_BYTES:
        data = request.get_json(force=True, silent=True)
        for violation in violations(data):
            if _within_rate():
                log.warning("CSP violation: %s (user %s)", violation, _user())
    return "", 204


def violations(data) -> list[dict[str, str]]:
    """The violations in a report of either format, each as its known fields, shortened."""
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        bodies = [{new: data["csp-report"].get(old) for old, new in FIELDS.items()}]
    elif isinstance(data, list):
        bodies = [
            item.get("body")
            for item in data
            if isinstance(item, dict) and item.get("type") == "csp-violation"
        ]
    else:
        bodies = []
    return [
        {key: str(body[key])[:300] for key in FIELDS.values() if body.get(key) is not None}
        for body in bodies
        if isinstance(body, dict)
    ]


def _within_rate() -> bool:
    now = time.monotonic()
    if now - _minute["start"] >= 60:
        _minute.update(start=now, logged=0)
    _minute["logged"] += 1
    return _minute["logged"] <= PER_MINUTE


def _user() -> str:
    return str(current_user.get_id()) if current_user.is_authenticated else "anonymous"
