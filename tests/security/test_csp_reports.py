"""Browsers' reports of what the Content-Security-Policy blocked: logged, capped, never stored."""

from __future__ import annotations

import json
import logging

import pytest

from panel.security import violations
from tests.security.test_headers import csp_of

OLD_FORMAT = {
    "csp-report": {
        "document-uri": "http://panel.local/admin/complaint/",
        "violated-directive": "script-src-elem",
        "blocked-uri": "inline",
        "source-file": "http://panel.local/admin/complaint/",
        "line-number": 120,
        "original-policy": "default-src 'self'; …",
    }
}
REPORTING_API = [
    {
        "type": "csp-violation",
        "body": {
            "documentURL": "http://panel.local/admin/",
            "effectiveDirective": "img-src",
            "blockedURL": "https://cdn.example.com/logo.png",
        },
    },
    {"type": "deprecation", "body": {"id": "something-else"}},
]


@pytest.fixture(autouse=True)
def fresh_minute(monkeypatch):
    monkeypatch.setattr(violations, "_minute", {"start": 0.0, "logged": 0})


def post(client, body, content_type="application/csp-report"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post("/csp-report", data=data, content_type=content_type)


def logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "panel.csp"]


def test_every_page_names_the_report_address(client):
    assert csp_of(client.get("/login"))["report-uri"] == "/csp-report"


def test_a_report_is_logged_with_what_was_blocked_where(client, caplog):
    caplog.set_level(logging.WARNING, "panel.csp")
    response = post(client, OLD_FORMAT)
    assert response.status_code == 204 and response.data == b""
    (line,) = logged(caplog)
    assert "script-src-elem" in line and "/admin/complaint/" in line and "'inline'" in line
    assert "original-policy" not in line and "anonymous" in line


def test_reporting_api_batches_keep_only_the_violations(client, caplog):
    caplog.set_level(logging.WARNING, "panel.csp")
    assert post(client, REPORTING_API, "application/reports+json").status_code == 204
    (line,) = logged(caplog)
    assert "cdn.example.com" in line and "img-src" in line


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[1, 2]", json.dumps({"csp-report": "x"}), b"\xff\xfe"]
)
def test_anything_else_is_ignored_quietly(client, caplog, body):
    caplog.set_level(logging.WARNING, "panel.csp")
    assert post(client, body).status_code == 204
    assert logged(caplog) == []


def test_oversized_reports_are_not_read(client, caplog):
    caplog.set_level(logging.WARNING, "panel.csp")
    padded = {"csp-report": {**OLD_FORMAT["csp-report"], "x": "a" * violations.MAX_BYTES}}
    assert post(client, padded).status_code == 204
    assert logged(caplog) == []


def test_long_fields_are_cut(client, caplog):
    caplog.set_level(logging.WARNING, "panel.csp")
    long = {"csp-report": {**OLD_FORMAT["csp-report"], "blocked-uri": "https://x/" + "a" * 900}}
    post(client, long)
    (line,) = logged(caplog)
    assert "a" * 290 in line and "a" * 301 not in line


def test_a_flood_is_logged_only_up_to_the_minutes_cap(client, caplog):
    caplog.set_level(logging.WARNING, "panel.csp")
    for _ in range(violations.PER_MINUTE + 15):
        assert post(client, OLD_FORMAT).status_code == 204
    assert len(logged(caplog)) == violations.PER_MINUTE
