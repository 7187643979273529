"""Refused requests stay on record without growing the audit trail without limit: the first
refusal of a page per user and minute is an audit entry, its repeats are counted."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from panel.core import clock
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.security import journal
from panel.security.models import RefusalTally
from tests.fixtures.people import user_of

NOON = datetime(2026, 12, 4, 12, 0, 5)


def forbidden_entries() -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).filter_by(action="forbidden")
    )


def tallies(who: str) -> dict[str, int]:
    rows = db.session.scalars(select(RefusalTally).filter_by(who=who)).all()
    return {f"{r.minute:%H:%M} {r.path}": r.count for r in rows}


def test_repeats_of_a_refusal_are_counted_not_written_again(login_as):
    client = login_as(Role.CLERK)
    with clock.travel_to(NOON):
        for number in range(50):
            assert client.get(f"/admin/user/edit/?id={number}").status_code == 403
    assert forbidden_entries() == 1  # the evidence: who, which page, when
    clerk = user_of(Role.CLERK)
    assert tallies(f"user:{clerk.id}") == {"12:00 /admin/user/edit/": 50}


def test_each_minute_and_each_page_is_written_once(login_as):
    client = login_as(Role.CLERK)
    for minute in range(3):
        with clock.travel_to(NOON + timedelta(minutes=minute)):
            for page in ("/admin/user/", "/admin/user/new/", "/admin/user/"):
                assert client.get(page).status_code == 403
    assert forbidden_entries() == 6
    clerk = user_of(Role.CLERK)
    counted = tallies(f"user:{clerk.id}")
    assert counted["12:02 /admin/user/"] == 2 and counted["12:02 /admin/user/new/"] == 1


def test_many_pages_in_a_minute_are_bounded_too(login_as, monkeypatch):
    monkeypatch.setattr(journal, "PAGES_PER_MINUTE", 3)
    client = login_as(Role.CLERK)
    pages = ["/admin/user/", "/admin/user/new/", "/admin/user/edit/", "/admin/user/details/"]
    pages += ["/admin/user/export/csv/", "/admin/user/export/xlsx/"]
    with clock.travel_to(NOON):
        for _ in range(4):
            for page in pages:
                assert client.get(page).status_code == 403
    assert forbidden_entries() == 4  # three pages, and one entry for all the others
    clerk = user_of(Role.CLERK)
    counted = tallies(f"user:{clerk.id}")
    assert sum(counted.values()) == 4 * len(pages)
    assert counted["12:00 *"] == 4 * (len(pages) - 3)


def test_users_are_counted_apart(login_as, client):
    from tests.fixtures.desk import switch_to

    login_as(Role.CLERK)
    with clock.travel_to(NOON):
        client.get("/admin/user/")
        switch_to(client, Role.AUDITOR)
        client.get("/admin/user/")
    assert forbidden_entries() == 2
