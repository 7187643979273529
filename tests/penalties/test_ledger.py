"""The staff ledger and the monthly summary against a hand-counted fixture.

Three people over March and April 2026 (A and B in 售后服务部, driver D in 营运部):

====  ==========  ====================================================================
when  complaint   what happened
====  ==========  ====================================================================
02-27 C0 about A  nothing else (counts in February only)
03-03 C1 about A  P1 A S01 10 pts (circular) approved 03-06; pay-first ¥800, ¥500 due
                  from A (opened 03-08), ¥200 recovered
03-10 C2 about A  P2 A S02 8 pts + demerit approved 03-12, appealed, revoked 03-20
03-20 C3 about B  A and B named responsible; P4 A S05 5 pts approved 03-26, appealed,
                  upheld 04-01; P3 B S05 6 pts approved 04-02
04-05 C4 about D  P5 D D03 12 pts + demerit approved 04-07, appeal pending
04-10 C5 about B  P6 B S01 7 pts rejected; P7 B S03 9 pts still proposed
====  ==========  ====================================================================

Commendations: A +3 (03-15), B +5 (04-20), D +2 (04-25), A +0 (04-28).
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from panel.complaints.enums import Status
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.penalties.ledger import staff_ledger
from panel.penalties.summary import Tally, monthly_summary, penalty_summary
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind
from tests.fixtures.penalties import driver, offence, sh_staff
from tests.fixtures.people import department, user_of
from tests.fixtures.process import advance

SH, YY = "售后服务部", "营运部"


def at(day: str, hour: int = 10):
    month, dom = (int(x) for x in day.split("-"))
    return clock.travel_to(datetime(2026, month, dom, hour))


def tally(**figures) -> Tally:
    return Tally(**figures)


@pytest.fixture
def two_months(make_complaint):
    a, b, d = sh_staff(0), sh_staff(1), driver(0)
    dm, sm, gm = (
        user_of(r) for r in (Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER)
    )
    clerk, advisor = user_of(Role.CLERK), user_of(Role.ADVISOR)
    session = db.session

    def complaint(day, staff, **extra):
        with at(day, 9):
            return advance(
                make_complaint(complained_staff=staff, **extra), Status.AWAITING_APPROVAL
            )

    def penalty(day, complaint, staff, code, points, proposer=dm, **extra):
        with at(day):
            return operations.propose_penalty(
                session, complaint, staff, offence(code), points, "经核实属实", proposer, **extra
            )

    def decide(day, p, approver=sm, approve=True):
        with at(day):
            operations.decide_penalty(
                session, p, approver, approve, "同意" if approve else "证据不足"
            )

    def appeal(day, p):
        with at(day):
            return operations.file_appeal(session, p, clerk, "请求复核")

    def rule(day, filed, uphold):
        with at(day):
            operations.decide_appeal(session, filed, gm, uphold, "经复核")

    with at("02-27", 9):
        make_complaint(complained_staff=a)
    with at("03-03", 9):
        c1 = advance(
            make_complaint(complained_staff=a),
            Status.AWAITING_APPROVAL,
            (RemedyKind.PAY_FIRST, "800"),
        )
    p1 = penalty("03-05", c1, a, "S01", 10)
    decide("03-06", p1)
    with at("03-04"):
        (payment,) = c1.remedies
        authority.decide_remedy(session, payment, dm, True, "同意")
    with at("03-08"):
        recovery = operations.open_recovery(session, payment, a, Decimal("500"), dm)
    with at("03-09"):
        operations.record_recovered(session, recovery, Decimal("200"), dm)

    c2 = complaint("03-10", a)
    p2 = penalty("03-11", c2, a, "S02", 8, major_demerit=True)
    decide("03-12", p2)
    rule("03-20", appeal("03-15", p2), uphold=False)

    c3 = complaint("03-20", b)
    with at("03-21"):
        operations.name_responsible(session, c3, a, advisor, "未按时限回复")
        operations.name_responsible(session, c3, b, advisor, "未按时限回复")
    p4 = penalty("03-25", c3, a, "S05", 5)
    decide("03-26", p4)
    rule("04-01", appeal("03-28", p4), uphold=True)
    p3 = penalty("03-25", c3, b, "S05", 6)
    decide("04-02", p3)

    c4 = complaint("04-05", d, complained_department=department("YY"))
    p5 = penalty("04-06", c4, d, "D03", 12, proposer=sm, major_demerit=True)
    decide("04-07", p5, approver=gm)
    appeal("04-08", p5)

    c5 = complaint("04-10", b)
    decide("04-12", penalty("04-11", c5, b, "S01", 7), approve=False)
    penalty("04-11", c5, b, "S03", 9)

    for day, who, points in (("03-15", a, 3), ("04-20", b, 5), ("04-25", d, 2), ("04-28", a, 0)):
        with at(day):
            operations.record_commendation(session, who, clerk, "服务热情", points=points)
    db.session.commit()
    return a, b, d


MARCH_A = tally(
    complaints=3,
    penalties=2,
    points=15,
    circulars=2,
    revoked=1,
    commendations=1,
    commendation_points=3,
    recovery_due=Decimal("500.00"),
    recovered=Decimal("200.00"),
)
MARCH_B = tally(complaints=1)
APRIL_A = tally(commendations=1)
APRIL_B = tally(
    complaints=1, penalties=1, points=6, circulars=1, commendations=1, commendation_points=5
)
APRIL_D = tally(
    complaints=1,
    penalties=1,
    points=12,
    demerits=1,
    under_appeal=1,
    commendations=1,
    commendation_points=2,
)


def by_staff(summary):
    return {row.staff_no: row.tally for row in summary.staff}


def test_march_summary_matches_the_hand_count(two_months):
    a, b, _d = two_months
    summary = monthly_summary(db.session, 2026, 3)
    assert by_staff(summary) == {a.staff_no: MARCH_A, b.staff_no: MARCH_B}
    (sh,) = summary.departments
    assert (sh.department, sh.staff) == (SH, 2)
    expected = tally()
    expected.add(MARCH_A)
    expected.add(MARCH_B)
    assert sh.tally == expected == summary.total
    assert summary.total.net_points == 3 - 15


def test_april_summary_matches_the_hand_count(two_months):
    a, b, d = two_months
    summary = monthly_summary(db.session, 2026, 4)
    assert by_staff(summary) == {a.staff_no: APRIL_A, b.staff_no: APRIL_B, d.staff_no: APRIL_D}
    departments = {row.department: (row.staff, row.tally) for row in summary.departments}
    assert departments[SH] == (
        2,
        tally(
            complaints=1, penalties=1, points=6, circulars=1, commendations=2, commendation_points=5
        ),
    )
    assert departments[YY] == (1, APRIL_D)
    assert (summary.total.penalties, summary.total.points, summary.total.demerits) == (2, 18, 1)
    assert (summary.total.commendations, summary.total.commendation_points) == (3, 7)
    assert summary.total.net_points == 7 - 18


def test_a_period_is_the_sum_of_its_months(two_months):
    spring = penalty_summary(db.session, date(2026, 3, 1), date(2026, 5, 1))
    assert spring.total.points == 15 + 18
    assert spring.total.complaints == 4 + 2
    narrowed = penalty_summary(db.session, date(2026, 3, 1), date(2026, 5, 1), department("YY").id)
    assert [row.department for row in narrowed.staff] == [YY]


def test_the_ledger_of_a_person_matches_the_hand_count(two_months):
    a, _b, _d = two_months
    ledger = staff_ledger(db.session, a)
    assert [m.label for m in ledger.months] == ["2026-04", "2026-03", "2026-02"]
    months = {m.label: m.tally for m in ledger.months}
    assert months["2026-03"] == MARCH_A
    assert months["2026-04"] == APRIL_A
    assert months["2026-02"] == tally(complaints=1)
    assert ledger.total.points == 15 and ledger.total.complaints == 4
    assert len(ledger.penalties) == 3 and len(ledger.complaints) == ledger.complaint_count == 4
    assert len(ledger.commendations) == 2 and len(ledger.recoveries) == 1


def cells(html: str, marker: str) -> dict[str, str]:
    """The figures of the table row carrying ``marker`` (a data attribute)."""
    import re

    row = html.split(marker, 1)[1].split("</tr>", 1)[0]
    return dict(re.findall(r'data-col="(\w+)">([^<]*)<', row))


def test_ledger_pages_show_the_numbers(login_as, two_months):
    a, _b, d = two_months
    client = login_as(Role.GENERAL_MANAGER)
    page = client.get("/admin/staff-ledger/?year=2026").text
    assert cells(page, f'data-staff="{a.staff_no}"')["points"] == "15"
    assert cells(page, 'data-staff="total"')["points"] == "33"
    person = client.get(f"/admin/staff-ledger/{a.id}").text
    march = cells(person, 'data-month="2026-03"')
    assert (march["points"], march["revoked"], march["recovered"]) == ("15", "1", "200.00")
    assert "员工奖惩台帐" in person and a.name in person


def test_a_department_manager_sees_their_department_only(login_as, two_months):
    a, _b, d = two_months
    client = login_as(Role.DEPT_MANAGER)
    page = client.get("/admin/staff-ledger/?year=2026").text
    assert a.staff_no in page and d.staff_no not in page
    assert client.get(f"/admin/staff-ledger/{a.id}").status_code == 200
    assert client.get(f"/admin/staff-ledger/{d.id}").status_code == 403


def test_the_summary_page_and_its_exports(login_as, two_months):
    a, b, d = two_months
    client = login_as(Role.GENERAL_MANAGER)
    page = client.get("/admin/penalty-summary/?month=2026-04").text
    assert "2026-04" in page and cells(page, 'data-department="total"')["points"] == "18"
    exported = client.get("/admin/penalty-summary/?month=2026-04&format=csv")
    assert exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    header = rows[1]
    assert header[:3] == ["工号", "姓名", "部门"]
    total = rows[-1]
    assert total[1] == "合计" and total[header.index("扣分")] == "18"
    workbook = load_workbook(
        io.BytesIO(client.get("/admin/penalty-summary/?month=2026-04&format=xlsx").data)
    )
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[-1][header.index("扣分")] == 18
    driver_row = next(r for r in values if r[0] == d.staff_no)
    assert driver_row[header.index("记大过")] == 1


def test_the_summary_from_the_command_line(app, two_months):
    result = app.test_cli_runner().invoke(args=["penalty", "summary", "2026-03"])
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[-1][1] == "合计" and rows[-1][rows[0].index("扣分")] == "15"
