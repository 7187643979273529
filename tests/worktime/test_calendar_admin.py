"""The working calendar is data the administrator keeps: edits change due times at once, next
year's missing holidays put a banner on the managers' landing pages, a year is imported from
the libraries, and the command line shows a month and computes a due time."""

from datetime import date

import pytest
from sqlalchemy import delete, func, select

from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.worktime.models import OFFICE, DayKind, WorkCalendar, WorkDay, WorkHours
from tests.worktime.helpers import at, csrf_token, register, user_of


def test_a_holiday_entered_in_the_panel_moves_due_times_at_once(make_complaint, login_as):
    before = register(make_complaint, "2026-11-06 17:00")
    assert before.resolve_due_at == at("2026-11-09 17:00")
    db.session.commit()
    client = login_as(Role.ADMIN)
    form = client.get("/admin/work_day/new/").text
    response = client.post(
        "/admin/work_day/new/",
        data={
            "csrf_token": csrf_token(form),
            "day": "2026-11-09",
            "kind": "holiday",
            "name": "公司停业",
            "source": "",
        },
    )
    assert response.status_code == 302
    added = db.session.scalar(select(WorkDay).filter_by(day=date(2026, 11, 9)))
    assert added.source == "手工录入"
    after = register(
        make_complaint, "2026-11-06 17:00", complainant_phone="13900001234", plate_number="川A99999"
    )
    assert after.resolve_due_at == at("2026-11-10 17:00")  # Monday is now a day off


def test_only_the_administrator_keeps_the_calendar():
    with acting_as(user_of(Role.GENERAL_MANAGER)), pytest.raises(RuleError) as refused:
        db.session.add(WorkDay(day=date(2026, 11, 9), kind=DayKind.HOLIDAY, name="停业"))
        db.session.flush()
    assert "系统管理员" in refused.value.message


def test_business_hours_with_a_lunch_break_and_nonsense_refused(make_complaint):
    office = db.session.scalar(select(WorkCalendar).filter_by(code=OFFICE))
    monday = db.session.scalar(select(WorkHours).filter_by(calendar_id=office.id, weekday=0))
    with acting_as(user_of(Role.ADMIN)):
        monday.lunch_starts, monday.lunch_ends = "12:00", "13:30"
        db.session.flush()
    complaint = register(make_complaint, "2026-11-09 10:00")
    with clock.travel_to(at("2026-11-09 11:00")):
        from tests.worktime.helpers import dispatch

        dispatch(complaint, "2026-11-09 11:00")
    assert complaint.step_due_at == at("2026-11-09 14:30")  # 2 h: one before, one after lunch
    with acting_as(user_of(Role.ADMIN)), pytest.raises(RuleError) as refused:
        monday.lunch_starts, monday.lunch_ends = "18:00", "19:00"
        db.session.flush()
    assert "午休须在营业时间之内" in refused.value.message


def test_managers_see_a_banner_until_next_years_holidays_are_entered(login_as):
    db.session.execute(delete(WorkDay).where(WorkDay.day >= date(2027, 1, 1)))
    db.session.commit()
    client = login_as(Role.GENERAL_MANAGER)
    with clock.travel_to(at("2026-11-20 09:00")):
        assert "工作日历中尚无 2027 年的法定节假日" in client.get("/admin/").text
        with acting_as(user_of(Role.ADMIN)):
            db.session.add(WorkDay(day=date(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦"))
            db.session.commit()
        assert 'data-testid="calendar-banner"' not in client.get("/admin/").text


def test_clerks_get_no_banner(login_as):
    with clock.travel_to(at("2026-11-20 09:00")):
        assert 'data-testid="calendar-banner"' not in login_as(Role.CLERK).get("/admin/").text


def test_a_year_is_imported_from_the_libraries_or_refused_when_they_do_not_know_it(login_as):
    with acting_as(user_of(Role.ADMIN)):
        db.session.execute(
            delete(WorkDay).where(WorkDay.day.between(date(2026, 1, 1), date(2026, 12, 31)))
        )
        db.session.commit()
    client = login_as(Role.ADMIN)
    page = client.get("/admin/work_day/").text
    done = client.post(
        "/admin/work_day/import",
        data={"csrf_token": csrf_token(page), "year": "2026"},
        follow_redirects=True,
    ).text
    assert "已从 chinesecalendar" in done and "导入 2026 年" in done
    national_day = db.session.scalar(select(WorkDay).filter_by(day=date(2026, 10, 1)))
    assert national_day.kind is DayKind.HOLIDAY and national_day.name == "国庆节"
    count = db.session.scalar(
        select(func.count())
        .select_from(WorkDay)
        .where(WorkDay.day.between(date(2026, 1, 1), date(2026, 12, 31)))
    )
    assert count > 20
    unknown = client.post(
        "/admin/work_day/import",
        data={"csrf_token": csrf_token(page), "year": "2099"},
        follow_redirects=True,
    ).text
    assert "日历库中尚无 2099 年的节假日安排" in unknown


@pytest.mark.parametrize(
    "start, limit, due",
    [
        ("2026-09-30 17:00", "24h", "2026-10-08 17:00"),
        ("2026-09-30 17:00", "3d", "2026-10-10 17:00"),
        ("2026-11-06 17:00", "2h", "2026-11-09 10:00"),
        ("2026-11-06 17:00", "30m", "2026-11-06 17:30"),
    ],
)
def test_command_line_due(app, start, limit, due):
    result = app.test_cli_runner().invoke(args=["calendar", "due", start, limit])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == due


def test_command_line_shows_a_month_with_the_kind_of_each_day(app):
    result = app.test_cli_runner().invoke(args=["calendar", "show", "2026-10"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 + 31
    assert lines[1].startswith("2026-10-01 周四 法定节假日 国庆节")
    assert lines[10].startswith("2026-10-10 周六 调休上班") and "08:30–17:30" in lines[10]
    assert lines[11] == "2026-10-11 周日 休息日"
    assert lines[12] == "2026-10-12 周一 工作日 08:30–17:30"


def test_command_line_refuses_a_limit_it_cannot_read(app):
    result = app.test_cli_runner().invoke(args=["calendar", "due", "2026-09-30 17:00", "soon"])
    assert result.exit_code != 0 and "3d" in result.output


def test_a_calendar_without_business_hours_is_refused_where_a_deadline_needs_it(make_complaint):
    from panel.organisation.models.sla import SlaPolicy, SlaStep

    with acting_as(user_of(Role.ADMIN)):
        workshop = WorkCalendar(code="workshop", name="车间日历")
        db.session.add(workshop)
        row = db.session.scalar(
            select(SlaPolicy).filter_by(step=SlaStep.DISPATCH, severity=None, urgency=None)
        )
        row.calendar = workshop
        db.session.flush()
    with pytest.raises(RuleError) as refused:
        register(make_complaint, "2026-11-09 10:00")
    assert "车间日历" in refused.value.message and "营业时间" in refused.value.message


def test_the_office_calendar_keeps_its_code():
    office = db.session.scalar(select(WorkCalendar).filter_by(code=OFFICE))
    with acting_as(user_of(Role.ADMIN)), pytest.raises(RuleError):
        office.code = "main"
        db.session.flush()
