"""Each kind of notice, rendered from demo-like data and read back from the PDF."""

from __future__ import annotations

from datetime import date, timedelta

from panel.complaints.enums import Channel, Status
from panel.core import clock
from panel.core.extensions import db
from panel.notices.kinds import NoticeKind
from panel.notices.rules import issue_notice, verified_pdf
from panel.organisation.models.user import Role
from panel.penalties.models import PenaltyKind
from tests.fixtures.people import staff_of, user_of
from tests.notices.conftest import (
    FAULT_EVIDENCE,
    REJECTED_REMEDY,
    REJECTION_COMMENT,
    REPLY,
    page_texts,
    pdf_text,
    walk_to,
)


def issue(kind, subject, role=Role.CLERK):
    notice = issue_notice(db.session, kind, subject, user_of(role))
    return notice, verified_pdf(db.session, notice)


def cn_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def test_customer_notice_shows_only_the_approved_reply_and_remedies(company, approved_complaint):
    complaint = approved_complaint
    notice, pdf = issue(NoticeKind.CUSTOMER_RESULT, complaint)
    text = pdf_text(pdf)
    year = clock.now().year
    assert notice.number == f"GZ-{year}-000001" and notice.version == 1
    for expected in (
        "成都锦程汽车服务有限公司",
        "投诉处理结果告知书",
        f"编号：GZ-{year}-000001",
        "尊敬的刘䶮先生/女士",
        complaint.number,
        "川A12345",
        cn_date(complaint.received_at),
        "".join(REPLY.split()),
        "经济补偿",
        "¥800.00",
        "028-86123456",
        "12345政务服务便民热线",
    ):
        assert expected in text, expected
    # Internal notes never reach the customer (000 §五.6).
    internal_notes = (FAULT_EVIDENCE, REJECTED_REMEDY, REJECTION_COMMENT, "¥3,000.00")
    for internal in (*internal_notes, "13812345678"):
        assert internal not in text, internal


def test_regulator_letter_records_the_reply_time_once(company, regulator_complaint):
    complaint = regulator_complaint
    assert complaint.regulator_replied_at is None
    notice, pdf = issue(NoticeKind.REGULATOR_REPLY, complaint)
    text = pdf_text(pdf)
    assert complaint.regulator_replied_at == notice.issued_at
    assert notice.number.startswith("HF-")
    for expected in (
        "投诉处理情况回复函",
        "12345市民服务热线：",
        "吉𠮷",
        complaint.number,
        "回复时间：" + cn_date(notice.issued_at),
        "".join(complaint.content.split()),
        "".join(REPLY.split()),
        "¥800.00",
        "责任认定：我方责任",
    ):
        assert expected in text, expected
    assert FAULT_EVIDENCE not in text and REJECTED_REMEDY not in text

    first = complaint.regulator_replied_at
    second, _ = issue(NoticeKind.REGULATOR_REPLY, complaint)
    assert second.version == 2 and complaint.regulator_replied_at == first


def test_work_contact_letter_is_in_duplicate_with_a_sign_off_area(company, make_complaint):
    complaint = walk_to(make_complaint(complainant_name="王建国"), Status.DISPATCHED)
    notice, pdf = issue(NoticeKind.WORK_CONTACT, complaint)
    pages = page_texts(pdf)
    assert notice.pages == 2 == len(pages)
    assert "第一联" in pages[0] and "第二联" in pages[1]
    for page in pages:
        for expected in (
            "工作联系函",
            "售后服务部：",
            complaint.number,
            "王建国",
            "13812345678",
            "川A12345",
            "保养后发动机异响",
            "签收人",
            "部门负责人",
            notice.number,
        ):
            assert expected in page, expected


def test_registration_form_is_marked_internal_and_fits_one_page(company, make_complaint):
    complaint = make_complaint(
        complainant_address="成都市锦江区蜀都大道100号", customer_demand="免费返修并赔偿误工费"
    )
    walk_to(complaint, Status.APPROVED)
    notice, pdf = issue(NoticeKind.REGISTRATION, complaint)
    text = pdf_text(pdf)
    assert notice.number.startswith("DJ-") and notice.pages == 1
    for internal in (FAULT_EVIDENCE, REJECTED_REMEDY, "¥3,000.00", "已驳回"):
        assert internal in text, internal  # the internal form shows the whole case
    for expected in (
        "内部资料不得交给客户",
        "客户投诉登记表",
        complaint.number,
        "张三",
        "13812345678",
        "川A12345",
        "成都市锦江区蜀都大道100号",
        "保养后发动机异响",
        "免费返修并赔偿误工费",
        "维修质量",
        "¥800.00",
    ):
        assert expected in text, expected


def test_penalty_notice_names_the_staff_member_and_the_points(company, make_penalty):
    penalty = make_penalty(points=8)
    notice, pdf = issue(NoticeKind.PENALTY, penalty, Role.SERVICE_MANAGER)
    text = pdf_text(pdf)
    staff = staff_of("SH")
    assert notice.number.startswith("CF-") and notice.penalty_id == penalty.id
    assert notice.complaint_id == penalty.complaint_id
    for expected in (
        "处罚通知书",
        staff.name,
        staff.staff_no,
        "售后服务部",
        penalty.complaint.number,
        "8分",
        "接待客户时态度冷淡",
        "扣减月度绩效",
    ):
        assert expected in text, expected


def test_circular_announces_the_penalty_without_customer_data(company, make_penalty):
    penalty = make_penalty(kind=PenaltyKind.MAJOR_DEMERIT, points=15)
    notice, pdf = issue(NoticeKind.CIRCULAR, penalty, Role.GENERAL_MANAGER)
    text = pdf_text(pdf)
    assert notice.number.startswith("TB-")
    for expected in ("通报", staff_of("SH").name, "记大过", "15分", penalty.complaint.number):
        assert expected in text, expected
    for private in ("张三", "13812345678", "川A12345"):
        assert private not in text


def test_ledger_lists_the_period_on_pages_with_repeated_headers(company, make_complaint):
    today = clock.today()
    start = today - timedelta(days=10)
    inside = [
        make_complaint(
            received_at=clock.now() - timedelta(days=i % 10, hours=1),
            complainant_name=f"客户{i:02d}",
            channel=Channel.WECHAT if i % 2 else Channel.HOTLINE,
        )
        for i in range(40)
    ]
    outside = make_complaint(received_at=clock.now() - timedelta(days=40), complainant_name="期外")
    notice, pdf = issue(NoticeKind.LEDGER, (start, today), Role.DEPT_MANAGER)
    pages = page_texts(pdf)
    text = "".join(pages)
    assert notice.number.startswith("TZ-") and notice.complaint_id is None
    assert (notice.period_from, notice.period_to) == (start, today)
    assert notice.pages == len(pages) >= 2
    header = "投诉编号受理时间来源投诉人车牌号类别严重程度状态责任部门处理人结案时间责任认定"
    for page in pages:  # the table header repeats on every page
        assert header in page
    assert f"共{len(inside)}件" in text
    for complaint in inside:
        assert complaint.number in text
    assert outside.number not in text and "期外" not in text
    assert "微信公众号" in text and "电话热线" in text
    assert cn_date(start) + "至" + cn_date(today) in text


def test_ledger_of_an_empty_period_says_so(company):
    start = date(2020, 1, 1)
    _, pdf = issue(NoticeKind.LEDGER, (start, start + timedelta(days=30)), Role.GENERAL_MANAGER)
    assert "本期间无投诉" in pdf_text(pdf)
