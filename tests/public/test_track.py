"""The progress lookup: a customer with the complaint number and the phone's last four digits
sees what policy allows, and nothing else; guessing is limited and audited."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from panel.complaints.enums import Status
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies.models import RemedyKind
from tests.fixtures.people import staff_of, user_of
from tests.fixtures.process import advance
from tests.public.conftest import track

MISS = "没有与该编号和号码匹配的投诉"


def test_the_complainant_sees_the_progress_without_internal_details(client, make_complaint):
    complaint = make_complaint(complainant_phone="13812345678", complained_staff=staff_of("SH"))
    advance(complaint, Status.AWAITING_APPROVAL, remedy=(RemedyKind.COMPENSATION, "1800"))
    page = track(client, complaint.number.lower(), "5678")
    assert page.status_code == 200
    text = page.text
    assert complaint.number in text
    assert "处理方案审核中" in text
    assert "售后服务部" in text  # the department, not the people
    assert "预计答复" in text
    for secret in ("13812345678", "1,800", "1800", "工单记录与监控一致", "非常抱歉",
                   staff_of("SH").name, user_of(Role.ADVISOR).display_name):  # fmt: skip
        assert secret not in text
    assert page.headers["Cache-Control"] == "no-store"


def test_the_approved_reply_is_shown_once_approved(client, make_complaint):
    complaint = advance(make_complaint(complainant_phone="028-86123456"), Status.REPLIED)
    page = track(client, complaint.number, "3456")
    assert "非常抱歉，我们将免费返修。" in page.text
    assert "已答复" in page.text
    assert "评价" in page.text  # the survey is open to the complainant


def test_no_such_number_and_wrong_digits_get_the_same_answer(client, make_complaint):
    complaint = make_complaint(complainant_phone="13812345678")
    wrong = track(client, complaint.number, "1111")
    missing = track(client, "TS-19990101-0001", "5678")
    assert wrong.status_code == missing.status_code == 200
    assert MISS in wrong.text and MISS in missing.text
    strip = lambda html: html.replace(complaint.number, "").replace("TS-19990101-0001", "")  # noqa: E731
    assert strip(wrong.text).split("csrf_token")[0] == strip(missing.text).split("csrf_token")[0]


def test_ten_wrong_tails_lock_the_number_even_for_the_right_digits(client, make_complaint):
    complaint = make_complaint(complainant_phone="13812345678")
    for n in range(10):
        page = track(client, complaint.number, f"{n:04d}", address=f"198.51.100.{n}")
        assert MISS in page.text
    locked = track(client, complaint.number, "5678", address="198.51.100.99")
    assert locked.status_code == 429
    assert "查询过于频繁" in locked.text and complaint.number not in locked.text.split("<form")[0]
    other = make_complaint(complainant_phone="13912345678")
    assert track(client, other.number, "5678").status_code == 200  # only that number


def test_one_address_may_look_up_thirty_times(client, make_complaint):
    complaint = make_complaint(complainant_phone="13812345678")
    for _ in range(30):
        assert track(client, complaint.number, "5678", address="192.0.2.1").status_code == 200
    assert track(client, complaint.number, "5678", address="192.0.2.1").status_code == 429
    assert track(client, complaint.number, "5678", address="192.0.2.2").status_code == 200


def test_every_lookup_is_audited(client, make_complaint):
    complaint = make_complaint(complainant_phone="13812345678")
    count = lambda: db.session.scalar(  # noqa: E731
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "lookup")
    )
    before = count()
    track(client, complaint.number, "5678")
    track(client, complaint.number, "0000")
    assert count() == before + 2
    found = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.complaint_id == complaint.id, AuditEntry.action == "lookup"
        )
    ).all()
    assert [e.changes["outcome"][1] for e in found] == ["found"]


def test_the_form_asks_for_four_digits(client):
    page = client.get("/track?n=TS-20261201-0001")
    assert 'value="TS-20261201-0001"' in page.text
    assert "<script" not in page.text  # the customer pages run no script
    response = track(client, "TS-20261201-0001", "12a4")
    assert response.status_code == 400 and "后4位" in response.text


def test_a_lookup_without_the_csrf_token_is_refused(client, make_complaint):
    complaint = make_complaint()
    response = client.post("/track", data={"number": complaint.number, "tail": "5678"})
    assert response.status_code == 400 and complaint.number not in response.text.split("<form")[0]


def test_amounts_stay_hidden_even_in_the_reply_stage(client, make_complaint):
    complaint = advance(make_complaint(), Status.APPROVED, remedy=(RemedyKind.FEE_WAIVER, "300"))
    assert complaint.remedies[0].amount == Decimal("300.00")
    page = track(client, complaint.number, "5678")
    assert "300" not in page.text and "处理结果已确定" not in page.text or "300" not in page.text
