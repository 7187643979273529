"""The reply owed to a regulator (queue, case file, 投诉处理台帐 PDF, export) and the pending
ledger's monthly review (recorded from the page, exported and printed with it)."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from panel.complaints import operations as process
from panel.complaints import queues
from panel.complaints.enums import Channel
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.notices import settings
from panel.notices.kinds import NoticeKind
from panel.notices.rules import issue_notice, verified_pdf
from panel.organisation.models.user import Role
from panel.worktime import ledger, operations
from tests.worktime.helpers import (
    at,
    csrf_token,
    department,
    dispatch,
    investigate,
    register,
    user_of,
)


def pdf_text(data: bytes) -> str:
    """The text of every page, whitespace removed (extraction breaks lines anywhere)."""
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def owed(role=Role.CLERK) -> set[str]:
    statement = queues.queue_statement(db.session, user_of(role), "regulator")
    return {c.number for c in db.session.scalars(statement)}


@pytest.fixture
def transferred(make_complaint):
    return register(
        make_complaint,
        "2026-09-30 17:00",
        channel=Channel.REGULATOR,
        regulator_name="12345 市民服务热线",
    )


def test_reply_owed_to_the_regulator_is_queued_until_given(transferred, make_complaint):
    ordinary = register(make_complaint, "2026-09-30 17:00", complainant_phone="13900001111")
    assert transferred.number in owed() and ordinary.number not in owed()
    with clock.travel_to(at("2026-10-09 11:00")), acting_as(user_of(Role.CLERK)):
        transferred.regulator_replied_at = clock.now()
        db.session.flush()
    assert transferred.number not in owed()


def test_case_file_shows_the_regulator_due_time_and_the_reply(transferred, login_as):
    db.session.commit()
    client = login_as(Role.CLERK)
    with clock.travel_to(at("2026-10-09 11:00")):
        page = client.get(f"/admin/complaint/details/?id={transferred.id}").text
    assert 'data-deadline="regulator_reply_due_at"' in page and "2026-10-10 17:00" in page
    assert "回复监管部门时限" in page


def test_ledger_pdf_and_export_carry_the_regulator_due_and_reply_times(transferred, login_as):
    with clock.travel_to(at("2026-10-12 09:00")), acting_as(user_of(Role.CLERK)):
        transferred.regulator_replied_at = at("2026-10-12 09:00")  # two days late
        db.session.flush()
    settings.save_settings(db.session, {settings.COMPANY_NAME: "蓉城汽车服务集团有限公司"})
    period = (date(2026, 9, 30), date(2026, 9, 30))
    notice = issue_notice(db.session, NoticeKind.LEDGER, period, user_of(Role.GENERAL_MANAGER))
    text = pdf_text(verified_pdf(db.session, notice))
    assert "回复监管时限回复监管时间" in text
    assert transferred.number in text and "2026-10-1017:00" in text
    assert "2026-10-1209:00（逾期）" in text
    db.session.commit()
    client = login_as(Role.CLERK)
    response = client.get(f"/admin/complaint/export/csv/?search={transferred.number}")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8")[1:])))
    header, row = rows[0], rows[1]
    assert row[header.index("回复监管部门时限")] == "2026-10-10 17:00"
    assert row[header.index("回复监管部门时间")] == "2026-10-12 09:00"


@pytest.fixture
def parked(make_complaint):
    complaint = register(make_complaint, "2026-11-02 09:00")
    dispatch(complaint, "2026-11-02 09:10")
    investigate(complaint, "2026-11-02 09:30")
    with clock.travel_to(at("2026-11-02 14:00")):
        operations.pause(db.session, complaint, user_of(Role.ADVISOR), "客户电话关机")
    db.session.commit()
    return complaint


def test_the_monthly_review_is_recorded_from_the_ledger_and_exported_and_printed(parked, login_as):
    client = login_as(Role.CLERK)
    with clock.travel_to(at("2026-11-04 10:00")):
        page = client.get("/admin/ledger/").text
        assert "尚未复查" in page
        response = client.post(
            f"/admin/ledger/review/{parked.id}",
            data={
                "csrf_token": csrf_token(page),
                "conclusion": "客户出差，约定下周回厂",
                "next_review_on": "2026-11-20",
            },
        )
        assert response.status_code == 302
        page = client.get("/admin/ledger/").text
    assert "客户出差，约定下周回厂" in page and "2026-11-20" in page
    assert db.session.get(type(parked), parked.id).step_due_at == at("2026-11-20 17:30")
    exported = client.get("/admin/ledger/export?format=csv").get_data().decode("utf-8")
    rows = list(csv.reader(io.StringIO(exported[1:])))
    header = rows[1]
    line = next(r for r in rows if parked.number in r)
    assert line[header.index("复查结论")] == "客户出差，约定下周回厂"
    assert line[header.index("复查人")] == user_of(Role.CLERK).display_name
    assert line[header.index("下次复查")] == "2026-11-20 17:30"
    sheet = load_workbook(io.BytesIO(client.get("/admin/ledger/export?format=xlsx").data)).active
    assert "客户出差，约定下周回厂" in {cell.value for row in sheet.iter_rows() for cell in row}
    printed = client.get("/admin/ledger/print")
    assert printed.mimetype == "application/pdf"
    text = pdf_text(printed.data)
    assert "未了事宜台帐" in text and parked.number in text and "客户出差，约定下周回厂" in text


def test_a_review_without_a_conclusion_is_refused_with_a_message(parked, login_as):
    client = login_as(Role.CLERK)
    page = client.get("/admin/ledger/").text
    response = client.post(
        f"/admin/ledger/review/{parked.id}",
        data={"csrf_token": csrf_token(page), "conclusion": " ", "next_review_on": "2099-01-05"},
        follow_redirects=True,
    )
    assert "请填写复查结论" in response.text
    assert not db.session.get(type(parked), parked.id).pending_reviews


def test_the_ledger_export_is_scoped_like_the_complaints(parked, login_as, make_complaint):
    elsewhere = register(
        make_complaint,
        "2026-11-02 10:00",
        complained_department=department("XS"),
        complainant_phone="13900002222",
    )
    manager = user_of(Role.SERVICE_MANAGER)
    with clock.travel_to(at("2026-11-02 10:30")):
        process.dispatch(db.session, elsewhere, user_of(Role.CLERK), department("XS"))
        process.start_investigation(db.session, elsewhere, manager, manager)
        operations.pause(db.session, elsewhere, manager, "等待配件")
    db.session.commit()
    own = login_as(Role.ADVISOR).get("/admin/ledger/export?format=csv").get_data().decode()
    assert parked.number in own and elsewhere.number not in own  # 售后服务部 only
    every = ledger.ledger_rows(db.session, user_of(Role.CLERK), at("2026-11-03 09:00"))
    assert {parked.number, elsewhere.number} <= {row["complaint"].number for row in every}
