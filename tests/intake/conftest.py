"""Tokens and work orders for the intake tests."""

from __future__ import annotations

import pytest

from panel.core.extensions import db
from panel.intake import operations
from panel.organisation.models.user import Role
from tests.fixtures.people import user_of

WORK_ORDER = {
    "source": "12345",
    "ticket_no": "GD-2026-120100017",
    "received_at": "2026-12-01T09:30:00+08:00",
    "reply_due_at": "2026-12-04T17:30:00+08:00",
    "complainant_name": "王先生",
    "phone": "13812345678",
    "plate_number": "川A12345",
    "content": "4S店保养后车辆异响，多次返修未果。",
    "demand": "免费维修并赔偿误工费",
}


def token_of(code: str) -> str:
    source = operations.source_coded(db.session, code)
    _token, secret = operations.issue_token(db.session, source, f"{code} 平台", user_of(Role.ADMIN))
    db.session.commit()
    return secret


@pytest.fixture
def api(client):
    """``api(method, path, json=None, token=...)``: a JSON call with a bearer token."""

    def call(method: str, path: str, json=None, token: str | None = None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.open(path, method=method, json=json, headers=headers)

    return call
