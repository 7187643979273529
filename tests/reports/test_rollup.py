"""The monthly rollup of steps and callbacks stays equal to counting the rows, whatever writes.

Each test changes rows the way some write path would — Core INSERT/UPDATE/DELETE, the ORM, a
complaint moved to another department, deleted, or bulk-generated — and checks the rollup the
triggers kept against a count made from the rows, and the figures a manager sees.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select, update

from panel.complaints.enums import Status
from panel.complaints.history import Callback, ComplaintTransition
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.reports import queries, rollup
from panel.reports.figures import dashboard
from panel.reports.periods import date_range, period_of
from panel.reports.rollup import ReportRollup
from tests.reports.conftest import add_callback, add_step

OCTOBER = period_of("month", date(2026, 10, 1))
LATER = datetime(2026, 11, 20, 12, 0)


def kept() -> set[tuple]:
    """The rollup as the triggers left it (rows counting nothing left out)."""
    rows = db.session.execute(
        select(
            ReportRollup.month,
            ReportRollup.fact,
            ReportRollup.key,
            ReportRollup.complained_department_id,
            ReportRollup.responsible_department_id,
            ReportRollup.hits,
            ReportRollup.total,
        ).where(ReportRollup.total != 0)
    )
    return {tuple(row) for row in rows}


def recounted() -> set[tuple]:
    return {tuple(row) for row in db.session.execute(rollup._contributions())}


def steps(board) -> dict:
    return {f.key: (f.numerator, f.denominator) for f in board.steps}


def test_inserted_rows_are_counted_per_month_step_and_department(october):
    assert kept() == recounted()
    sh = october.sh.id
    assert (date(2026, 10, 1), "step", "registered", sh, 0, 2, 3) in kept()  # R-01..R-03
    assert (date(2026, 10, 1), "callback", "", sh, 0, 2, 3) in kept()
    assert (date(2026, 11, 1), "callback", "", sh, 0, 1, 1) in kept()  # R-08, in November


def test_whole_months_come_from_the_rollup_and_agree_with_the_rows(october):
    start, end = OCTOBER.start_at, OCTOBER.end_at
    for department_id in (None, october.sh.id, october.xs.id):
        from_rows = {
            status: (on_time, total)
            for status, on_time, total in queries._step_rows(db.session, start, end, department_id)
        }
        assert queries.step_timeliness(db.session, start, end, department_id) == from_rows


def test_a_range_cutting_months_adds_the_days_around_them(october):
    # 30 September to 1 November: October from the rollup, the two days around it from the rows.
    wide = date_range(date(2026, 9, 30), date(2026, 11, 1))
    start, end = wide.start_at, wide.end_at
    assert queries._pieces(start, end)[1] == (date(2026, 10, 1), date(2026, 11, 1))
    counted = queries.step_timeliness(db.session, start, end, None)
    from_rows = {s: (on, n) for s, on, n in queries._step_rows(db.session, start, end, None)}
    assert counted == from_rows
    month = queries.step_timeliness(db.session, OCTOBER.start_at, OCTOBER.end_at, None)
    # R-10 dispatched in the last second of September, R-08 ten minutes into November
    assert counted[Status.REGISTERED] == tuple(n + 2 for n in month[Status.REGISTERED])
    assert queries.callback_counts(db.session, start, end, None) == (3, 4)


def test_a_step_changed_or_deleted_takes_its_count_back(october):
    def dispatch() -> tuple[int, int]:
        return steps(dashboard(db.session, OCTOBER, as_of=LATER))["dispatch"]

    on_time, total = dispatch()
    t = ComplaintTransition
    raw = db.session.connection()  # plain SQL, below the session rules: the triggers still count
    raw.execute(
        update(t)
        .where(t.complaint_id == october.ids[2], t.from_status == Status.REGISTERED)
        .values(on_time=True)  # R-02's late dispatch corrected
    )
    assert dispatch() == (on_time + 1, total)
    raw.execute(delete(t).where(t.complaint_id == october.ids[3]))  # R-03's on-time dispatch
    assert dispatch() == (on_time, total - 1)
    assert kept() == recounted()


def test_a_callback_corrected_through_the_orm_is_counted_once(october):
    callback = db.session.scalars(select(Callback).filter_by(complaint_id=october.ids[3])).one()
    callback.satisfied = True
    db.session.flush()
    board = dashboard(db.session, OCTOBER, as_of=LATER)
    assert (board.satisfaction.numerator, board.satisfaction.denominator) == (3, 3)
    assert kept() == recounted()


def test_a_complaint_moved_to_another_department_takes_its_counts_along(october):
    before = dashboard(db.session, OCTOBER, department_id=october.xs.id, as_of=LATER)
    complaint = db.session.get(Complaint, october.ids[1])  # after-sales: 3 steps, 1 callback
    complaint.complained_department_id = october.xs.id
    db.session.flush()
    after = dashboard(db.session, OCTOBER, department_id=october.xs.id, as_of=LATER)
    assert steps(after)["register"] == (1, 1)
    assert after.satisfaction.denominator == before.satisfaction.denominator + 1
    after_sales = dashboard(db.session, OCTOBER, department_id=october.sh.id, as_of=LATER)
    assert "register" not in steps(after_sales)
    assert kept() == recounted()

    complaint.responsible_department_id = october.sh.id  # handled by after-sales again
    db.session.flush()
    after_sales = dashboard(db.session, OCTOBER, department_id=october.sh.id, as_of=LATER)
    assert steps(after_sales)["register"] == (1, 1)
    assert kept() == recounted()


def test_a_deleted_complaint_takes_its_counts_back(october):
    db.session.connection().execute(delete(Complaint).where(Complaint.id == october.ids[1]))
    assert db.session.scalar(select(ComplaintTransition.id).filter_by(complaint_id=1)) is None
    assert kept() == recounted()
    board = dashboard(db.session, OCTOBER, as_of=LATER)
    assert "register" not in steps(board)
    assert (board.satisfaction.numerator, board.satisfaction.denominator) == (1, 2)


def test_steps_without_a_deadline_are_not_counted(october):
    before = kept()
    add_step(october.ids[4], Status.DISPATCHED, Status.INVESTIGATING, "10-21 10:00")
    add_callback(october.ids[4], "10-22 10:00", False)
    added = kept() - before
    assert [row[1] for row in added] == ["callback"]


def test_rebuild_counts_the_same_as_the_triggers(october):
    before = kept()
    rollup.rebuild(db.session.connection())
    assert kept() == before


def test_the_rollup_command_finds_and_mends_a_count_gone_wrong(app, october):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["report-rollup", "--check"]).exit_code == 0
    table = ReportRollup.__table__
    db.session.connection().execute(  # e.g. rows restored with the triggers switched off
        update(table).where(table.c.fact == rollup.CALLBACK).values(total=table.c.total + 1)
    )
    result = runner.invoke(args=["report-rollup", "--check"])
    assert result.exit_code == 1 and "不符" in result.output
    result = runner.invoke(args=["report-rollup"])
    assert result.exit_code == 0 and "重新统计" in result.output
    assert kept() == recounted()


def test_the_triggers_are_all_in_place_after_the_migrations():
    """A later migration that rebuilds one of these tables on SQLite drops its triggers: this
    test then fails instead of the rollup drifting quietly."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
        expected = {name for names in rollup.TRIGGERS.values() for name in names}
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        expected = {
            *(f"report_rollup_{fact}_{event}" for fact in ("step", "callback")
              for event in ("insert", "update", "delete")),
            "report_rollup_complaint_moved",
            "report_rollup_complaint_deleted",
        }  # fmt: skip
    present = set(connection.exec_driver_sql(query).scalars())
    assert expected <= present, expected - present
