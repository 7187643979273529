"""Script in every text field comes out as text: in lists, details, edit forms, the case file,
the approval screen, the audit trail, CSV/XLSX exports and the PDF notices."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from sqlalchemy import String, Text

from panel.complaints import operations as process
from panel.complaints.enums import Category, Fault, Status
from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.notices import settings as notice_settings
from panel.notices.kinds import NoticeKind
from panel.notices.rules import issue_notice, verified_pdf
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind
from tests.fixtures.people import department, user_of
from tests.notices.conftest import pdf_text

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
SHORT = "\"'><img src=x onerror=alert(1)>"  # for columns shorter than PAYLOAD
VALIDATED = {"number", "complainant_phone", "plate_number"}  # must match their own formats


class DangerScan(HTMLParser):
    """Finds markup a browser would run: a script or an event handler carrying the payload."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dangers: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") and "alert(1)" in (value or ""):
                self.dangers.append(f"<{tag} {name}={value}>")
        if tag == "img" and ("src", "x") in attrs:
            self.dangers.append("<img src=x>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(1)" in data:
            self.dangers.append(f"<script>{data}</script>")
        self.text.append(data)


def assert_escaped(html: str, where: str) -> None:
    scan = DangerScan()
    scan.feed(html)
    assert scan.dangers == [], where
    text = "".join(scan.text)
    assert "onerror=alert(1)" in text, f"{where}: the payload is not shown at all"


def payload_for(column) -> str:
    limit = getattr(column.type, "length", None) or column.info.get("max_length") or 4000
    return PAYLOAD if limit >= len(PAYLOAD) else SHORT


@pytest.fixture
def hostile(make_complaint):
    """A complaint with the payload in every free-text field, walked to an approved reply:
    a complained staff member, a fault, a remedy, decisions and the reply carry it too."""
    notice_settings.save_settings(db.session, {notice_settings.COMPANY_NAME: "成都锦程汽车服务"})
    staff = Staff(name=SHORT, staff_no="X-1", department=department("SH"), position=SHORT)
    db.session.add(staff)
    texts = {
        column.key: payload_for(column)
        for column in Complaint.__table__.columns
        if isinstance(column.type, String | Text)
        and not hasattr(column.type, "enum_class")
        and column.key not in VALIDATED
        and column.key in Complaint.__mapper__.attrs
        and column.key not in ("fault_evidence", "reply_content", "customer_opinion")
        and column.key != "severity_lowered_reason"
    }
    complaint = make_complaint(**texts, complained_staff=staff, category=Category.SERVICE_ATTITUDE)
    session, clerk, advisor = db.session, user_of(Role.CLERK), user_of(Role.ADVISOR)
    process.dispatch(session, complaint, clerk, department("SH"))
    process.start_investigation(session, complaint, user_of(Role.DEPT_MANAGER), advisor)
    process.record_fault(session, complaint, advisor, Fault.OURS, PAYLOAD)
    remedy = authority.propose_remedy(
        session, complaint, advisor, RemedyKind.COMPENSATION, Decimal("3000"), PAYLOAD
    )
    authority.decide_remedy(session, remedy, user_of(Role.SERVICE_MANAGER), True, PAYLOAD)
    process.submit_for_approval(session, complaint, advisor, PAYLOAD)
    process.move(session, complaint, Status.APPROVED, user_of(Role.SERVICE_MANAGER))
    with acting_as(clerk):
        session.flush()
    return complaint


def pages_of(complaint) -> list[str]:
    remedy = complaint.remedies[0]
    return [
        "/admin/",
        "/admin/complaint/",
        f"/admin/complaint/?search={complaint.number}",
        f"/admin/complaint/details/?id={complaint.id}",
        f"/admin/complaint/edit/?id={complaint.id}",
        "/admin/remedy/",
        f"/admin/remedy/details/?id={remedy.id}",
        "/admin/staff/",
        f"/admin/staff/details/?id={complaint.complained_staff_id}",
        "/admin/audit/",
        f"/admin/approval/{complaint.id}",
        f"/admin/notices/complaint/{complaint.id}",
    ]


@pytest.mark.parametrize("role", [Role.SERVICE_MANAGER, Role.CLERK])
def test_pages_show_the_payload_as_text(login_as, hostile, role):
    client = login_as(role)
    checked = 0
    for url in pages_of(hostile):
        response = client.get(url)
        if response.status_code == 403:
            continue  # not this role's page (the access walk checks who sees what)
        assert response.status_code == 200, url
        scan = DangerScan()
        scan.feed(response.text)
        assert scan.dangers == [], url
        checked += 1
    assert checked >= 8
    details = client.get(f"/admin/complaint/details/?id={hostile.id}").text
    assert_escaped(details, "details")
    assert_escaped(client.get("/admin/complaint/").text, "list")


def test_the_edit_form_keeps_the_payload_inside_its_fields(login_as, hostile):
    page = login_as(Role.CLERK).get(f"/admin/complaint/edit/?id={hostile.id}").text
    assert_escaped(page, "edit form")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # textarea content, escaped


def test_csv_export_holds_the_payload_as_plain_cells(login_as, hostile):
    response = login_as(Role.SERVICE_MANAGER).get("/admin/complaint/export/csv/")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert SHORT in cells  # the complainant's name, unchanged
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_xlsx_export_holds_the_payload_as_text_not_formulas(login_as, hostile):
    response = login_as(Role.SERVICE_MANAGER).get("/admin/complaint/export/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert SHORT in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)


@pytest.mark.parametrize("kind", [NoticeKind.CUSTOMER_RESULT, NoticeKind.REGISTRATION])
def test_pdf_notices_print_the_payload_as_literal_text(hostile, kind):
    notice = issue_notice(db.session, kind, hostile, user_of(Role.CLERK))
    text = pdf_text(verified_pdf(db.session, notice))
    flat = "".join(SHORT.split())
    assert flat in text  # the markup is printed, not interpreted
    if kind is NoticeKind.CUSTOMER_RESULT:
        assert "".join(PAYLOAD.split()) in text  # the approved reply, with its <script>
