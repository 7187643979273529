"""Security headers on every answer, and a Content-Security-Policy with a nonce per request.

Scripts run only from the panel's own origin or inline with the request's nonce (Flask-Admin
puts it on its inline scripts; templates use ``{{ csp_nonce() }}``). Inline ``style``
attributes stay allowed: templates and the admin's libraries size elements with them, and
they cannot run code.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request, url_for

STATIC_ENDPOINT_SUFFIX = "static"


def csp_nonce() -> str:
    """The nonce of the current request (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def content_security_policy(nonce: str, report_uri: str | None = None) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    if report_uri:
        directives["report-uri"] = report_uri  # panel.security.violations logs what comes
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _set_headers(response: Response) -> Response:
    headers = response.headers
    policy = content_security_policy(csp_nonce(), url_for("csp.csp_report"))
    headers.setdefault("Content-Security-Policy", policy)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    endpoint = request.endpoint or ""
    if not endpoint.endswith(STATIC_ENDPOINT_SUFFIX) and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"  # customer data stays out of shared caches
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_set_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
