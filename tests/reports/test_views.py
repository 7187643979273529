"""The dashboard, its PDF summary and the intake table, as each role uses them."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import insert

from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties.models import Penalty, PenaltyKind, PenaltyStatus
from panel.reports.models import MonthlyIntake
from tests.fixtures.clients import csrf_token
from tests.reports.conftest import add_intake

REPORT_ROLES = {Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER, Role.AUDITOR}
OCTOBER = "period=month&date=2026-10-01"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def add_penalty(complaint_id: int, staff_id: int, points: int, status, when: datetime) -> None:
    values = dict(
        complaint_id=complaint_id,
        staff_id=staff_id,
        kind=PenaltyKind.POINTS,
        points=points,
        reason="服务态度冷淡",
        status=status,
        decided_at=when,
    )
    db.session.execute(insert(Penalty).values(**values))


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_dashboard_is_for_managers_and_the_auditor(login_as, role):
    client = login_as(role)
    expected = 200 if role in REPORT_ROLES else 403
    assert client.get("/admin/reports/").status_code == expected
    assert client.get("/admin/reports/summary.pdf").status_code == expected


def test_anonymous_visitors_are_sent_to_the_login(client):
    for url in ("/admin/reports/", "/admin/reports/summary.pdf", "/admin/intake/"):
        response = client.get(url)
        assert response.status_code == 302 and response.location.startswith("/login")


def test_dashboard_shows_the_hand_counted_month_against_the_targets(login_as, october):
    for month in (date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)):
        add_intake(month, 2000)
    client = login_as(Role.GENERAL_MANAGER)
    with clock.travel_to(datetime(2027, 1, 10, 9, 0)):  # the whole quarter is over
        page = client.get(f"/admin/reports/?{OCTOBER}").text
    assert 'data-testid="period">2026-10<' in page
    assert 'data-figure="closure" data-status="bad"' in page
    assert "66.7%" in page and "6 / 9" in page
    assert 'data-figure="one_week_closure" data-status="bad"' in page
    assert "37.5%" in page and "3 / 8" in page
    assert 'data-figure="complaint_rate" data-status="good"' in page
    assert "0.15%" in page and "9 / 6000" in page
    assert "未达标" in page and "达标" in page
    assert "<svg" in page  # charts drawn on the server, nothing loaded from outside
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "售后服务部" in page  # the hot spot


def test_missing_intake_is_said_not_faked(login_as, october):
    page = login_as(Role.SERVICE_MANAGER).get(f"/admin/reports/?{OCTOBER}").text
    assert "未录入进厂台次" in page
    assert 'data-figure="complaint_rate" data-status="none"' in page


def test_department_manager_sees_only_their_department(login_as, october):
    client = login_as(Role.DEPT_MANAGER)  # manager of 售后服务部 (SH)
    page = client.get(f"/admin/reports/?{OCTOBER}&department={october.xs.id}").text
    assert "· 售后服务部" in page
    assert "5 / 7" in page  # closure of the 7 after-sales complaints
    assert 'name="department"' not in page


def test_other_managers_may_narrow_to_a_department(login_as, october):
    page = login_as(Role.AUDITOR).get(f"/admin/reports/?{OCTOBER}&department={october.sh.id}").text
    assert "5 / 7" in page


def test_unreadable_dates_fall_back_with_a_message(login_as):
    page = login_as(Role.GENERAL_MANAGER).get("/admin/reports/?period=month&date=2026-13-40")
    assert page.status_code == 200
    assert "不是日期" in page.text


def test_summary_pdf_on_demand_has_figures_charts_and_penalties(login_as, october):
    add_penalty(october.ids[1], october.sh_staff[0].id, 10, PenaltyStatus.APPROVED,
                datetime(2026, 10, 20, 10, 0))  # fmt: skip
    add_penalty(october.ids[2], october.sh_staff[0].id, 5, PenaltyStatus.PROPOSED,
                datetime(2026, 10, 21, 10, 0))  # fmt: skip
    response = login_as(Role.GENERAL_MANAGER).get(f"/admin/reports/summary.pdf?{OCTOBER}")
    assert response.mimetype == "application/pdf"
    assert "summary-month-2026-10.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "投诉汇总" in text and "2026-10" in text
    assert "一周结案率" in text and "37.5%" in text
    line = next(line for line in text.splitlines() if october.sh_staff[0].staff_no in line)
    assert "10" in line and "-10" in line  # the approved penalty; the proposal does not count
    assert "奖惩" in text


def test_report_summary_command_writes_the_monthly_pdf(app, october, tmp_path):
    out = tmp_path / "october.pdf"
    result = app.test_cli_runner().invoke(
        args=["report-summary", "--period", "month", "--date", "2026-10-15", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    assert "2026-10" in text and "结案率" in text


def test_report_summary_command_covers_the_week_before_by_default(app, tmp_path):
    out = tmp_path / "week.pdf"
    result = app.test_cli_runner().invoke(
        args=["report-summary", "--period", "week", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "-W" in result.output and out.stat().st_size > 1000


def test_managers_enter_the_monthly_intake(login_as):
    client = login_as(Role.SERVICE_MANAGER)
    form = client.get("/admin/intake/new/").text
    data = {
        "csrf_token": csrf_token(form),
        "month": "2026-10-17",
        "site": "总店",
        "kind": "vehicles_taken_in",
        "count": "1520",
    }
    assert client.post("/admin/intake/new/", data=data).status_code == 302
    row = db.session.scalar(db.select(MonthlyIntake).filter_by(site="总店"))
    assert (row.month, row.count) == (date(2026, 10, 1), 1520)
    again = client.post("/admin/intake/new/", data=data, follow_redirects=True).text
    assert "总店 已有 2026-10 的数据" in again
    assert db.session.scalar(db.select(db.func.count(MonthlyIntake.id))) == 1


def test_intake_count_must_be_a_whole_number_not_negative(login_as):
    client = login_as(Role.GENERAL_MANAGER)
    form = client.get("/admin/intake/new/").text
    page = client.post(
        "/admin/intake/new/",
        data={
            "csrf_token": csrf_token(form),
            "month": "2026-10-01",
            "site": "二店",
            "kind": "vehicles_taken_in",
            "count": "-5",
        },
        follow_redirects=True,
    ).text
    assert "数量" in page
    assert db.session.scalar(db.select(db.func.count(MonthlyIntake.id))) == 0


@pytest.mark.parametrize("role", [Role.CLERK, Role.ADVISOR], ids=lambda r: r.value)
def test_front_desk_does_not_see_the_intake(login_as, role):
    assert login_as(role).get("/admin/intake/").status_code == 403
