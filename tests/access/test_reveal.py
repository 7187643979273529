"""Phone numbers: full for those who call customers, masked for the rest everywhere, and a
full number read on request is recorded in the audit trail."""

import csv
import io

import pytest
from sqlalchemy import select

from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import switch_to
from tests.fixtures.people import user_of

FULL, MASKED = "13812345678", "138****5678"
CALLERS = (Role.CLERK, Role.ADVISOR)
REVEALERS = (Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER, Role.AUDITOR)


def reads(complaint) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).filter_by(action="read", complaint_id=complaint.id)
    ).all()


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_case_file_shows_the_number_as_the_role_needs_it(login_as, ours, role):
    page = login_as(role).get(f"/admin/complaint/details/?id={ours.id}").text
    if role in CALLERS:
        assert FULL in page and 'data-testid="reveal-phone"' not in page
    else:
        assert FULL not in page and MASKED in page
        assert ('data-testid="reveal-phone"' in page) == (role in REVEALERS)


@pytest.mark.parametrize("role", REVEALERS, ids=lambda r: r.value)
def test_showing_the_full_number_is_audited(login_as, ours, role):
    client = login_as(role)
    page = client.get(f"/admin/complaint/details/?id={ours.id}").text
    shown = client.post(f"/admin/complaint/phone/{ours.id}", data={"csrf_token": csrf_token(page)})
    assert shown.status_code == 200
    assert 'data-testid="full-phone"' in shown.text and FULL in shown.text
    [entry] = reads(ours)
    assert entry.actor_id == user_of(role).id
    assert entry.table_name == "complaint" and entry.row_id == str(ours.id)
    assert entry.changes == {"complainant_phone": [MASKED, MASKED]}
    # the next visit is masked again
    assert FULL not in client.get(f"/admin/complaint/details/?id={ours.id}").text


def test_reveal_needs_the_role_the_token_and_the_scope(login_as, ours, theirs):
    client = login_as(Role.ADMIN)
    token = csrf_token(client.get("/admin/complaint/").text)
    assert (
        client.post(f"/admin/complaint/phone/{ours.id}", data={"csrf_token": token}).status_code
        == 403
    )
    switch_to(client, Role.DEPT_MANAGER)
    assert client.post(f"/admin/complaint/phone/{ours.id}", data={}).status_code == 302
    token = csrf_token(client.get("/admin/complaint/").text)
    outside = client.post(f"/admin/complaint/phone/{theirs.id}", data={"csrf_token": token})
    assert outside.status_code == 404
    assert reads(ours) == [] and reads(theirs) == []


def test_audit_trail_masks_phone_numbers_for_managers(login_as, ours):
    client = login_as(Role.SERVICE_MANAGER)
    case_file = client.get(f"/admin/complaint/details/?id={ours.id}").text
    audit_list = client.get("/admin/audit/").text  # newest first: the registration is there
    exported = client.get("/admin/audit/export/csv/").get_data(as_text=True)
    for text in (case_file, audit_list, exported):
        assert FULL not in text
    assert MASKED in case_file and MASKED in audit_list and MASKED in exported
    switch_to(client, Role.CLERK)
    assert FULL in client.get(f"/admin/complaint/details/?id={ours.id}").text


def test_list_and_export_mask_for_the_auditor(login_as, ours):
    client = login_as(Role.AUDITOR)
    assert FULL not in client.get("/admin/complaint/").text
    rows = csv.reader(io.StringIO(client.get("/admin/complaint/export/csv/").text.lstrip("\ufeff")))
    cells = {cell for row in rows for cell in row}
    assert MASKED in cells and FULL not in cells
