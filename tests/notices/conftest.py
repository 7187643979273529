"""Demo-like complaints walked through the real process, the company settings, PDF reading."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from panel.complaints import operations as process
from panel.complaints.enums import Channel, Fault, Status
from panel.core.extensions import db
from panel.notices import settings
from panel.organisation.models.user import Role
from panel.penalties.models import PenaltyKind, PenaltyStatus
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind
from tests.fixtures.penalties import penalty_in_force
from tests.fixtures.people import department, staff_of, user_of

COMPANY = {
    settings.COMPANY_NAME: "成都锦程汽车服务有限公司",
    settings.COMPANY_ADDRESS: "成都市武侯区人民南路四段88号",
    settings.HOTLINE: "028-86123456",
    settings.REGULATOR_HOTLINES: "12345 政务服务便民热线\n12328 交通运输服务监督电话",
}
FAULT_EVIDENCE = "内部：监控显示技师漏装卡扣"
REPLY = "经核实，系我公司保养作业不规范所致，我们深表歉意，将为您免费返修并补偿交通费。"
REJECTED_REMEDY = "赠送全年免费保养"
REJECTION_COMMENT = "超出惯例，不予同意"


def pdf_text(data: bytes) -> str:
    """The text of every page, whitespace removed (extraction breaks lines anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def page_texts(data: bytes) -> list[str]:
    return ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def company():
    settings.save_settings(db.session, COMPANY)
    db.session.flush()
    return COMPANY


def walk_to(complaint, target: Status, remedies=(("compensation", "800"),)):
    """Take a complaint along the process: dispatched, investigated with a fault found, remedies
    proposed (one more rejected), reply approved, then on to ``target``."""
    session = db.session
    clerk, advisor = user_of(Role.CLERK), user_of(Role.ADVISOR)
    process.dispatch(session, complaint, clerk, department("SH"))
    if target is Status.DISPATCHED:
        return complaint
    process.start_investigation(session, complaint, user_of(Role.DEPT_MANAGER), advisor)
    if target is Status.INVESTIGATING:
        return complaint
    process.record_fault(session, complaint, advisor, Fault.OURS, FAULT_EVIDENCE)
    for kind, amount in remedies:
        authority.propose_remedy(
            session, complaint, advisor, RemedyKind(kind), Decimal(amount), "返修并补偿交通费"
        )
    extra = authority.propose_remedy(
        session, complaint, advisor, RemedyKind.FEE_WAIVER, Decimal("3000"), REJECTED_REMEDY
    )
    process.submit_for_approval(session, complaint, advisor, REPLY)
    authority.decide_remedy(session, extra, user_of(extra.awaiting_role), False, REJECTION_COMMENT)
    for remedy in complaint.remedies:
        if remedy.status.value == "proposed":
            authority.decide_remedy(session, remedy, user_of(remedy.awaiting_role), True, "同意")
    if target is Status.AWAITING_APPROVAL:
        return complaint
    process.move(session, complaint, Status.APPROVED, user_of(Role.SERVICE_MANAGER))
    if target is Status.APPROVED:
        return complaint
    process.reply_to_customer(session, complaint, clerk, "客户表示接受")
    return complaint


@pytest.fixture
def approved_complaint(make_complaint):
    complaint = make_complaint(complainant_name="刘䶮", plate_number="川A12345")
    return walk_to(complaint, Status.APPROVED)


@pytest.fixture
def regulator_complaint(make_complaint):
    complaint = make_complaint(
        channel=Channel.REGULATOR,
        regulator_name="12345 市民服务热线",
        complainant_name="吉𠮷",
    )
    return walk_to(complaint, Status.REPLIED)


@pytest.fixture
def make_penalty(make_complaint):
    """A penalty made through the real penalty process (tests/penalties/factories.py)."""

    def _make(kind=PenaltyKind.POINTS, status=PenaltyStatus.APPROVED, points=5, complaint=None):
        return penalty_in_force(
            make_complaint, kind, status, points, complaint, staff=staff_of("SH")
        )

    return _make
