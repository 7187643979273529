"""Security headers, the Content-Security-Policy and its nonces, cookies, production guards."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest

from panel import create_app
from panel.core.config import ConfigError, ProductionConfig
from panel.organisation.models.user import Role
from panel.security.headers import content_security_policy


def csp_of(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_login_page_has_the_security_headers(client):
    response = client.get("/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    csp = csp_of(response)
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert "unsafe-inline" not in csp["script-src"]
    assert "unsafe-eval" not in csp["script-src"]


def test_every_inline_script_of_an_admin_page_carries_the_nonce(login_as, make_complaint):
    complaint = make_complaint()
    client = login_as(Role.CLERK)
    for url in (
        "/admin/",
        "/admin/complaint/",
        "/admin/complaint/new/",
        f"/admin/complaint/details/?id={complaint.id}",
        f"/admin/complaint/edit/?id={complaint.id}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        nonce = re.search(r"'nonce-([^']+)'", csp_of(response)["script-src"]).group(1)
        scripts = re.findall(r"<script\b([^>]*)>", response.text)
        assert scripts, url
        for attributes in scripts:
            assert "src=" in attributes or f'nonce="{nonce}"' in attributes, (url, attributes)
        assert not re.search(r"\son[a-z]+=", response.text), url  # no inline event handlers


def test_nonces_differ_between_requests(client):
    first = csp_of(client.get("/login"))["script-src"]
    second = csp_of(client.get("/login"))["script-src"]
    assert first != second


def test_static_files_may_be_cached(client):
    response = client.get("/admin/static/admin/js/helpers.js")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    response.close()


def test_session_cookie_is_httponly_and_samesite_and_ends_after_twelve_idle_hours(client):
    from tests.fixtures.clients import login

    response = login(client, "clerk")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in tests and development
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    hours = (parsedate_to_datetime(expires) - datetime.now(UTC)).total_seconds() / 3600
    assert 11.9 < hours <= 12


def test_production_cookies_are_secure_and_https_gets_hsts(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    config = ProductionConfig()
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE
    assert config.SESSION_COOKIE_HTTPONLY and config.REMEMBER_COOKIE_HTTPONLY
    assert config.DEBUG is False


def test_production_refuses_debug_mode(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="Debug mode"):
        create_app(ProductionConfig())


def test_production_app_switched_to_debug_later_serves_nothing(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app(ProductionConfig())
    app.debug = True  # what `flask run --debug` does after the factory
    assert app.test_client().get("/login").status_code == 503


def test_trusted_proxy_gives_the_client_address(monkeypatch):
    monkeypatch.setenv("PANEL_TRUSTED_PROXIES", "1")
    from panel.core.config import TestingConfig

    app = create_app(TestingConfig())
    seen = {}

    @app.get("/_address")
    def _address():
        from flask import request

        seen["ip"] = request.remote_addr
        seen["secure"] = request.is_secure
        return "ok"

    response = app.test_client().get(
        "/_address",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
    )
    assert seen == {"ip": "203.0.113.9", "secure": True}
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_policy_text():
    policy = content_security_policy("abc")
    assert "script-src 'self' 'nonce-abc'" in policy
    assert "form-action 'self'" in policy


def test_remember_me_lasts_a_week(client):
    from tests.fixtures.clients import csrf_token

    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": "clerk",
            "password": "Demo1234",
            "remember": "y",
            "csrf_token": csrf_token(page.text),
        },
    )
    remember = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]
    expires = re.search(r"Expires=([^;]+)", remember[0]).group(1)
    days = (parsedate_to_datetime(expires) - datetime.now(UTC)).total_seconds() / 86400
    assert 6.9 < days <= 7
