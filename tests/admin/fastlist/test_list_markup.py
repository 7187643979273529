"""The complaint list, written out in Python with shared fragments, is Flask-Admin's own list:
the same page as its ``admin/model/list.html`` renders, for every role and kind of list."""

from __future__ import annotations

import re

import pytest

from panel.admin.fastlist import rows
from panel.complaints.enums import Status
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.people import department, staff_of, user_of
from tests.fixtures.process import advance

STOCK_TEMPLATE = "admin/model/list.html"


def normalized(html: str) -> str:
    """The page without what differs between any two requests: the CSP nonce, CSRF tokens
    (they carry the second they were made in) and the whitespace between tags."""
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    html = re.sub(r"\d{14}##[0-9a-f]+", "TOKEN", html)
    html = re.sub(r">\s+", ">", html)
    html = re.sub(r"\s+<", "<", html)
    return re.sub(r"\s+", " ", html)


def complaint_view(app):
    return next(v for v in app.extensions["admin"][0]._views if v.endpoint == "complaint")


@pytest.fixture
def complaints(make_complaint):
    made = [
        make_complaint(complainant_name='<script>alert("x")</script>'),
        make_complaint(complainant_name="O'Brien & 子", complainant_phone="13911112222"),
        make_complaint(
            complained_department=department("XS"),
            complained_staff=staff_of("XS"),
            handler=user_of(Role.ADVISOR),
        ),
    ]
    advance(made[0], Status.DISPATCHED)
    db.session.commit()
    return made


def both_pages(client, monkeypatch, query) -> tuple[str, str]:
    """The complaint list's page (``complaint/list.html``: the saved filters over the fast
    list) and the same page over Flask-Admin's own list."""
    view = complaint_view(client.application)
    with clock.travel_to(clock.now()):  # the same time left on both pages, to the minute
        ours = client.get("/admin/complaint/", query_string=query)
        monkeypatch.setattr(view, "list_base_template", STOCK_TEMPLATE)
        stock = client.get("/admin/complaint/", query_string=query)
    monkeypatch.undo()
    assert ours.status_code == stock.status_code == 200
    return normalized(ours.text), normalized(stock.text)


QUERIES = [
    {},
    {"page_size": 2},
    {"page_size": 2, "page": 1},
    {"sort": 1},
    {"sort": 7, "desc": 1},
    {"search": "O'Brien"},
    {"search": "no such complaint"},
    {"flt0_0": "dispatched"},
]


@pytest.mark.parametrize("role", [Role.CLERK, Role.ADVISOR, Role.AUDITOR, Role.ADMIN])
@pytest.mark.parametrize("query", QUERIES, ids=[str(q) for q in QUERIES])
def test_the_list_is_the_page_flask_admin_renders(login_as, complaints, monkeypatch, role, query):
    ours, stock = both_pages(login_as(role), monkeypatch, query)
    assert ours == stock


def test_in_english_too(login_as, complaints, monkeypatch):
    client = login_as(Role.CLERK)
    client.get("/lang/en")
    ours, stock = both_pages(client, monkeypatch, {"sort": 0})
    assert "Sort by" in ours
    assert ours == stock


def test_row_actions_rendered_row_by_row_are_the_same(login_as, complaints, monkeypatch):
    """Links stamped once per page read as the actions' own macros render them per row."""
    client = login_as(Role.CLERK)
    with clock.travel_to(clock.now()):
        stamped = normalized(client.get("/admin/complaint/").text)
        monkeypatch.setattr(rows, "LINK_ACTIONS", {})
        monkeypatch.setattr(rows, "STAMPED_ACTIONS", ())
        per_row = normalized(client.get("/admin/complaint/").text)
    assert stamped == per_row
    assert "/admin/notices/complaint/" in stamped  # the clerk's print link is among them


def test_values_are_escaped(login_as, complaints):
    html = login_as(Role.CLERK).get("/admin/complaint/").text
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
