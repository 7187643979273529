"""Every list exports to CSV and XLSX, within the viewer's scope, with phones masked by role."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func

from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.people import department

VIEWERS = [Role.CLERK, Role.ADVISOR, Role.DEPT_MANAGER, Role.SERVICE_MANAGER]
VIEWERS += [Role.GENERAL_MANAGER, Role.AUDITOR, Role.ADMIN]
FULL = {Role.CLERK, Role.ADVISOR}


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Chinese as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def cells(rows) -> set:
    return {value for row in rows for value in row}


@pytest.mark.parametrize("role", VIEWERS, ids=lambda r: r.value)
def test_complaint_export_masks_phones_for_roles_that_do_not_call_back(
    login_as, make_complaint, role
):
    complaint = make_complaint(complainant_phone="13812345678")
    client = login_as(role)
    search = f"?search={complaint.number}"
    for rows in (
        csv_rows(client.get(f"/admin/complaint/export/csv/{search}")),
        xlsx_rows(client.get(f"/admin/complaint/export/xlsx/{search}")),
    ):
        assert rows[0][0] == "投诉编号"
        assert "投诉人电话" in rows[0]
        assert complaint.number in cells(rows)
        if role in FULL:
            assert "13812345678" in cells(rows)
        else:
            assert "138****5678" in cells(rows)
            assert "13812345678" not in cells(rows)


@pytest.mark.parametrize("role", [Role.CLERK, Role.GENERAL_MANAGER], ids=lambda r: r.value)
def test_list_and_details_mask_like_the_export(login_as, make_complaint, role):
    complaint = make_complaint(complainant_phone="028-86123456")
    client = login_as(role)
    listing = client.get("/admin/complaint/").text
    details = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    if role in FULL:
        assert "028-86123456" in listing and "028-86123456" in details
    else:
        assert "028-****3456" in listing and "028-****3456" in details
        assert "86123456" not in listing


def test_staff_phones_are_masked_for_managers(login_as):
    staff_phone = db.session.scalar(db.select(db.text("phone FROM staff WHERE phone IS NOT NULL")))
    client = login_as(Role.SERVICE_MANAGER)
    rows = csv_rows(client.get("/admin/staff/export/csv/"))
    assert staff_phone not in cells(rows)
    assert f"{staff_phone[:3]}****{staff_phone[-4:]}" in cells(rows)


def test_manager_edit_form_neither_shows_nor_wipes_the_number(login_as, make_complaint):
    complaint = make_complaint(complainant_phone="13812345678")
    client = login_as(Role.GENERAL_MANAGER)
    page = client.get(f"/admin/complaint/edit/?id={complaint.id}").text
    assert "13812345678" not in page
    assert 'name="complainant_phone"' not in page


def test_export_follows_the_list_filters(login_as, make_complaint):
    wanted = make_complaint(complainant_name="李四")
    other = make_complaint(complainant_name="王五")
    client = login_as(Role.CLERK)
    rows = csv_rows(client.get(f"/admin/complaint/export/csv/?search={wanted.number}"))
    assert wanted.number in cells(rows)
    assert other.number not in cells(rows)


def test_export_goes_through_the_views_row_scope(app, login_as, make_complaint, monkeypatch):
    """Department scoping restricts rows in ``get_query``; the export must obey it too."""
    mine = make_complaint(complained_department=department("SH"))
    theirs = make_complaint(complained_department=department("XS"))
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "complaint")
    sh = department("SH").id
    scoped = view.get_query().filter(Complaint.complained_department_id == sh)
    monkeypatch.setattr(view, "get_query", lambda: scoped)
    monkeypatch.setattr(
        view,
        "get_count_query",
        lambda: db.session.query(func.count(Complaint.id)).filter(
            Complaint.complained_department_id == sh
        ),
    )
    client = login_as(Role.DEPT_MANAGER)
    for rows in (
        csv_rows(client.get("/admin/complaint/export/csv/")),
        xlsx_rows(client.get("/admin/complaint/export/xlsx/")),
    ):
        assert mine.number in cells(rows)
        assert theirs.number not in cells(rows)


def test_spreadsheet_formulas_in_customer_text_are_neutralised(login_as, make_complaint):
    complaint = make_complaint(complainant_name="=HYPERLINK(1)")
    client = login_as(Role.CLERK)
    rows = csv_rows(client.get(f"/admin/complaint/export/csv/?search={complaint.number}"))
    assert "'=HYPERLINK(1)" in cells(rows)


def test_too_large_an_export_is_refused_not_cut(app, login_as, make_complaint, monkeypatch):
    make_complaint()
    make_complaint()
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "complaint")
    monkeypatch.setattr(view, "export_max_rows", 1)
    client = login_as(Role.CLERK)
    response = client.get("/admin/complaint/export/csv/", follow_redirects=True)
    assert response.mimetype == "text/html"
    assert "导出" in response.text or "export" in response.text.lower()


def test_list_page_offers_both_export_formats(login_as):
    page = login_as(Role.AUDITOR).get("/admin/complaint/").text
    assert "/admin/complaint/export/csv/" in page
    assert "/admin/complaint/export/xlsx/" in page
    assert csrf_token  # the helper module stays importable for other view tests
