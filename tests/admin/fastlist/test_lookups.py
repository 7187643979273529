"""Complaint look-ups in forms (remedy, penalty) go by prefix through an index, in scope."""

from __future__ import annotations

import json

from sqlalchemy import event

from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.people import department, staff_of


def lookup(client, query: str, view: str = "remedy") -> list[str]:
    response = client.get(
        f"/admin/{view}/ajax/lookup/", query_string={"name": "complaint", "query": query}
    )
    assert response.status_code == 200
    return [label for _id, label in json.loads(response.get_data(as_text=True))]


def test_a_complaint_is_found_by_the_start_of_its_number_plate_or_phone(login_as, make_complaint):
    made = make_complaint(plate_number="川A77889", complainant_phone="13877778888")
    db.session.commit()
    client = login_as(Role.SERVICE_MANAGER)
    assert lookup(client, made.number) == [made.number]
    assert lookup(client, made.number[3:]) == [made.number]  # 20261123-0001
    assert made.number in lookup(client, "川A7788")
    assert made.number in lookup(client, "1387777")
    assert lookup(client, "penalty-nothing") == []
    assert lookup(client, made.number, view="penalty") == [made.number]


def test_look_ups_stay_in_the_users_department(login_as, make_complaint):
    theirs = make_complaint(complained_department=department("XS"), complained_staff=staff_of("XS"))
    db.session.commit()
    assert lookup(login_as(Role.DEPT_MANAGER), theirs.number) == []


def test_the_look_up_matches_a_prefix_not_a_substring(app, login_as, make_complaint):
    made = make_complaint()
    db.session.commit()
    client = login_as(Role.SERVICE_MANAGER)
    seen = []

    def record(_conn, _cursor, statement, params, *_args):
        if "FROM complaint" in statement:
            seen.append(str(params))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        lookup(client, made.number)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert any(f"{made.number}%" in p for p in seen)
    assert not any(f"%{made.number}" in p for p in seen)
