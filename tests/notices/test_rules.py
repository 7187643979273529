"""Issuing is a rule: refusals by state, by channel, by role and by settings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.notices import settings
from panel.notices.kinds import ISSUER_ROLES, NoticeKind
from panel.notices.models import Notice
from panel.notices.rules import check_issuable, issue_notice, verified_pdf
from panel.organisation.models.user import Role
from panel.penalties.models import PenaltyKind, PenaltyStatus
from tests.fixtures.people import department, user_of
from tests.notices.conftest import pdf_text, walk_to


def refusal(kind, subject, role=Role.CLERK) -> str:
    with pytest.raises(RuleError) as caught:
        issue_notice(db.session, kind, subject, user_of(role))
    return caught.value.message


@pytest.mark.parametrize(
    "status", [Status.REGISTERED, Status.INVESTIGATING, Status.AWAITING_APPROVAL]
)
def test_customer_notice_is_refused_before_the_remedy_and_reply_are_approved(
    company, make_complaint, status
):
    complaint = make_complaint()
    if status is not Status.REGISTERED:
        walk_to(complaint, status)
    message = refusal(NoticeKind.CUSTOMER_RESULT, complaint)
    assert "批准" in message and str(status.label) in message
    assert db.session.scalar(db.select(db.func.count()).select_from(Notice)) == 0


def test_customer_notice_needs_an_approved_remedy_and_a_reply(make_complaint):
    clerk = user_of(Role.CLERK)
    no_remedy = Complaint(status=Status.APPROVED, reply_content="已处理")
    with pytest.raises(RuleError, match="至少一项已批准"):
        check_issuable(NoticeKind.CUSTOMER_RESULT, no_remedy, clerk)
    complaint = walk_to(make_complaint(), Status.APPROVED)
    complaint.reply_content = None  # as a direct edit past the lifecycle would leave it
    with pytest.raises(RuleError, match="批准的答复"):
        check_issuable(NoticeKind.CUSTOMER_RESULT, complaint, clerk)


def test_regulator_letter_only_for_complaints_from_a_regulator(company, approved_complaint):
    message = refusal(NoticeKind.REGULATOR_REPLY, approved_complaint)
    assert "监管" in message and "电话热线" in message
    assert approved_complaint.regulator_replied_at is None


def test_regulator_letter_needs_the_approved_reply(company, make_complaint):
    from panel.complaints.enums import Channel

    complaint = walk_to(
        make_complaint(channel=Channel.REGULATOR, regulator_name="消费者协会"),
        Status.INVESTIGATING,
    )
    assert "批准" in refusal(NoticeKind.REGULATOR_REPLY, complaint)
    assert complaint.regulator_replied_at is None


def test_work_contact_letter_needs_the_responsible_department(company, make_complaint):
    assert "责任部门" in refusal(NoticeKind.WORK_CONTACT, make_complaint())


def test_penalty_notices_only_for_approved_penalties(company, make_penalty):
    proposed = make_penalty(status=PenaltyStatus.PROPOSED)
    message = refusal(NoticeKind.PENALTY, proposed, Role.GENERAL_MANAGER)
    assert "已批准" in message and str(PenaltyStatus.PROPOSED.label) in message
    points = make_penalty(kind=PenaltyKind.POINTS)
    assert "记大过" in refusal(NoticeKind.CIRCULAR, points, Role.GENERAL_MANAGER)
    upheld = make_penalty(kind=PenaltyKind.CIRCULAR, status=PenaltyStatus.UPHELD)
    assert issue_notice(db.session, NoticeKind.CIRCULAR, upheld, user_of(Role.GENERAL_MANAGER))


def test_ledger_period_is_checked(company):
    manager = user_of(Role.SERVICE_MANAGER)
    start = date(2026, 3, 1)
    with pytest.raises(RuleError, match="开始"):
        issue_notice(db.session, NoticeKind.LEDGER, (start, start - timedelta(days=1)), manager)
    with pytest.raises(RuleError, match="366"):
        issue_notice(db.session, NoticeKind.LEDGER, (start, start + timedelta(days=366)), manager)


def test_who_may_issue_what(company, approved_complaint, make_penalty):
    subjects = {
        "complaint": approved_complaint,
        "penalty": make_penalty(kind=PenaltyKind.MAJOR_DEMERIT),
        "period": (date(2026, 1, 1), date(2026, 1, 31)),
    }
    for kind in NoticeKind:
        if kind is NoticeKind.REGULATOR_REPLY:
            continue  # the channel rule refuses everybody here; covered above
        subject = subjects[kind.subject_kind]
        for role in Role:
            if role in ISSUER_ROLES[kind]:
                check_issuable(kind, subject, user_of(role))
            else:
                with pytest.raises(RuleError, match="无权"):
                    check_issuable(kind, subject, user_of(role))


def test_clerks_issue_complaint_notices_managers_everything():
    clerk_kinds = {k for k in NoticeKind if Role.CLERK in ISSUER_ROLES[k]}
    assert clerk_kinds == {
        NoticeKind.CUSTOMER_RESULT,
        NoticeKind.REGULATOR_REPLY,
        NoticeKind.WORK_CONTACT,
        NoticeKind.REGISTRATION,
    }
    for role in (Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER):
        assert all(role in ISSUER_ROLES[k] for k in NoticeKind)
    for role in (Role.AUDITOR, Role.ADMIN, Role.ADVISOR):
        assert not any(role in ISSUER_ROLES[k] for k in NoticeKind)


def test_no_notice_without_the_company_name(make_complaint):
    message = refusal(NoticeKind.REGISTRATION, make_complaint())
    assert "公司名称" in message and "通知书设置" in message


def test_settings_are_checked_and_named(company):
    with pytest.raises(RuleError, match="客服热线"):
        settings.save_settings(db.session, {**company, settings.HOTLINE: "12345"})
    with pytest.raises(RuleError, match="公司名称"):
        settings.save_settings(db.session, {**company, settings.COMPANY_NAME: "  "})
    with pytest.raises(RuleError, match="公司名称.*60"):
        settings.save_settings(db.session, {**company, settings.COMPANY_NAME: "长" * 61})


def test_a_department_manager_issues_only_for_the_department(company, make_complaint):
    manager = user_of(Role.DEPT_MANAGER)  # 售后服务部
    own = make_complaint()
    other = make_complaint(complained_department=department("XS"), complainant_name="钱七")
    assert issue_notice(db.session, NoticeKind.REGISTRATION, own, manager)
    with pytest.raises(RuleError, match="其他部门"):
        issue_notice(db.session, NoticeKind.REGISTRATION, other, manager)

    period = (own.received_at.date(), own.received_at.date())
    general_manager = user_of(Role.GENERAL_MANAGER)
    mine = issue_notice(db.session, NoticeKind.LEDGER, period, manager)
    company_wide = issue_notice(db.session, NoticeKind.LEDGER, period, general_manager)
    mine_text = pdf_text(verified_pdf(db.session, mine))
    all_text = pdf_text(verified_pdf(db.session, company_wide))
    assert "投诉处理台帐（售后服务部）" in mine_text and "钱七" not in mine_text
    assert own.number in mine_text
    assert "钱七" in all_text and own.number in all_text
    assert mine.number != company_wide.number
    assert mine.subject.endswith(f":dept:{department('SH').id}")
