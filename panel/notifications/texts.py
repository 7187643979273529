"""Chinese texts of the staff notifications, one per event kind.

``render(kind, context)`` turns a plain dict (complaint number, customer name, category, severity,
department, due time, ``url``…) into a title, a markdown body (robots), a plain-text body (e-mail)
and a one-line short text (SMS). Titles, intros and fields are sandboxed Jinja2 templates.

Privacy: raw phone keys (``phone``, ``mobile``…) are dropped, any phone number inside a value is
masked, and only ``masked_phone`` — which must already be masked — is ever shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from panel.notifications._render import Kind, RenderedText, render_kind
from panel.notifications.message import Attachment, Message

__all__ = ["ESCALATION_SCOPE", "KINDS", "Kind", "RenderedText", "render", "render_message"]

ESCALATION_SCOPE = {
    1: "客服总监、服务顾问、回访专员",
    2: "客服总监、服务顾问、回访专员、部门经理、技术总监",
    3: "客服总监、服务顾问、回访专员、部门经理、技术总监、总经理",
}
NO = ("投诉编号", "complaint_no")
CUSTOMER = ("客户", "customer_name")
PHONE = ("客户电话", "masked_phone")
CATEGORY = ("类别", "category")
SEVERITY = ("严重程度", "severity")
DEPARTMENT = ("责任部门", "department")
ASSIGNEE = ("责任人", "assignee")
SUMMARY = ("投诉摘要", "summary|truncate(80)")
DUE = ("处理时限", "due_at|dt")


def _escalation(ctx: dict[str, Any]) -> None:
    if ctx["tier"] not in ESCALATION_SCOPE:
        raise ValueError("escalated: tier must be 1, 2 or 3")
    ctx["scope"] = ESCALATION_SCOPE[ctx["tier"]]


KINDS: dict[str, Kind] = {
    "dispatched": Kind(
        "【派单】投诉 {{ complaint_no }} 已派发至{{ department }}",
        "{{ department }}收到一件新派发的投诉，"
        "{% if due_at %}请在 {{ due_at|dt }} 前指定责任人。{% else %}请尽快指定责任人。{% endif %}",
        (NO, CUSTOMER, CATEGORY, SEVERITY, SUMMARY, ("派单人", "dispatched_by"), DUE),
        ("complaint_no", "department"),
    ),
    "assigned": Kind(
        "【待处理】投诉 {{ complaint_no }} 已指派给您",
        "{{ assigned_by or '部门经理' }}将投诉 {{ complaint_no }} 指派给您负责调查处理，"
        "请查明事实、提出处理方案并联系客户。",
        (NO, CUSTOMER, CATEGORY, SEVERITY, SUMMARY, DUE),
        ("complaint_no",),
    ),
    "approval_requested": Kind(
        "【待审批】投诉 {{ complaint_no }} 的{{ subject or '处理方案' }}待{{ role }}审批",
        "{{ requested_by or '处理人' }}提交了投诉 {{ complaint_no }} 的"
        "{{ subject or '处理方案' }}，请{{ role }}审批。"
        "{% if not subject %}审批通过前，不得向客户答复或承诺。{% endif %}",
        (
            NO,
            CUSTOMER,
            CATEGORY,
            SEVERITY,
            ("处理方案", "proposal|truncate(120)"),
            ("被处理人", "staff_name"),
            ("所在部门", "department"),
            ("处理建议", "penalty_proposal"),
            ("涉及金额", "amount|yuan"),
            ("审批时限", "due_at|dt"),
        ),
        ("complaint_no", "role"),
        "前往审批",
    ),
    "due_soon": Kind(
        "【即将超时】投诉 {{ complaint_no }} · {{ step }}",
        "投诉 {{ complaint_no }} 的「{{ step }}」将于 {{ due_at|dt }} 到期"
        "{% if remaining %}（剩余 {{ remaining|duration }}）{% endif %}，请及时处理。",
        (NO, CUSTOMER, DEPARTMENT, ASSIGNEE, ("到期时间", "due_at|dt")),
        ("complaint_no", "step", "due_at"),
    ),
    "overdue": Kind(
        "【已超时】投诉 {{ complaint_no }} · {{ step }}",
        "投诉 {{ complaint_no }} 的「{{ step }}」已于 {{ due_at|dt }} 超时"
        "{% if overdue_by %}（已超出 {{ overdue_by|duration }}）{% endif %}，"
        "请立即处理并说明原因。",
        (NO, CUSTOMER, DEPARTMENT, ASSIGNEE, ("到期时间", "due_at|dt")),
        ("complaint_no", "step", "due_at"),
    ),
    "escalated": Kind(
        "【升级·第{{ tier }}级】投诉 {{ complaint_no }}",
        "投诉 {{ complaint_no }} 已升级至第{{ tier }}级处理"
        "{% if reason %}，原因：{{ reason }}{% endif %}。参与人员：{{ scope }}。",
        (NO, CUSTOMER, CATEGORY, SEVERITY, DEPARTMENT, DUE),
        ("complaint_no", "tier"),
        prepare=_escalation,
    ),
    "urgent_registered": Kind(
        "【紧急投诉】{{ complaint_no }}{% if category %} · {{ category }}{% endif %}",
        "登记了一件紧急投诉{% if urgency_reason %}（{{ urgency_reason }}）{% endif %}，"
        "请立即安排人员到场或联系客户。",
        (
            NO,
            CUSTOMER,
            PHONE,
            CATEGORY,
            SEVERITY,
            ("受理时间", "received_at|dt"),
            ("地点", "location"),
            SUMMARY,
            DEPARTMENT,
            ("到场时限", "due_at|dt"),
        ),
        ("complaint_no",),
    ),
    "out_of_hours_registered": Kind(
        "【非工作时间紧急投诉】{{ complaint_no }}",
        "非工作时间登记了一件紧急投诉{% if urgency_reason %}（{{ urgency_reason }}）{% endif %}。"
        "请立即电话报告领导，书面投诉单于下一工作日补办。",
        (
            NO,
            CUSTOMER,
            PHONE,
            CATEGORY,
            SEVERITY,
            ("受理时间", "received_at|dt"),
            ("值班人", "registered_by"),
            SUMMARY,
        ),
        ("complaint_no",),
    ),
    "regulator_reply_due": Kind(
        "【监管回复】投诉 {{ complaint_no }} 须于 {{ due_at|dt }} 前回复{{ regulator }}",
        "投诉 {{ complaint_no }} 由{{ regulator }}转办，须在 {{ due_at|dt }} 前以书面或口头形式"
        "回复{{ regulator }}，并登记回复时间。",
        (
            NO,
            ("转办单位", "regulator"),
            ("转办单号", "regulator_ref"),
            CUSTOMER,
            CATEGORY,
            ("回复期限", "due_at|dt"),
        ),
        ("complaint_no", "regulator", "due_at"),
    ),
    "penalty_decided": Kind(
        "【处理决定】{{ staff_name }}{% if complaint_no %} · 投诉 {{ complaint_no }}{% endif %}",
        "经{{ decided_by or '公司' }}决定，对{{ staff_name }}作出如下处理：{{ decision }}。",
        (
            NO,
            ("被处理人", "staff_name"),
            ("所在部门", "department"),
            ("处理决定", "decision"),
            ("扣减绩效分", "points"),
            ("决定人", "decided_by"),
            ("决定日期", "decided_at|dt"),
            ("通报范围", "notice_scope"),
        ),
        ("staff_name", "decision"),
        "查看详情",
    ),
    "weekly_summary": Kind(
        "【投诉周报】{{ period }}",
        "{{ period }}投诉处理情况如下"
        "{% if attachment_name %}，完整周报见附件《{{ attachment_name }}》{% endif %}。",
        (
            ("新受理", "received|pieces"),
            ("已办结", "closed|pieces"),
            ("未办结", "open|pieces"),
            ("超时", "overdue|pieces"),
            ("重大投诉", "major|pieces"),
            ("办结率", "closure_rate|pct"),
            ("处理及时率", "timeliness_rate|pct"),
            ("满意度", "satisfaction_rate|pct"),
        ),
        ("period",),
        "查看报表",
    ),
    "monthly_summary": Kind(
        "【投诉月报】{{ period }}",
        "{{ period }}投诉处理情况如下"
        "{% if attachment_name %}，完整月报见附件《{{ attachment_name }}》{% endif %}。",
        (
            ("新受理", "received|pieces"),
            ("已办结", "closed|pieces"),
            ("超时", "overdue|pieces"),
            ("一周结案率", "one_week_closure_rate|pct"),
            ("投诉率", "complaint_rate|pct(2)"),
            ("满意度", "satisfaction_rate|pct"),
            ("奖惩决定", "penalties|pieces"),
        ),
        ("period",),
        "查看报表",
    ),
    "pending_review": Kind(
        "【未了事宜】{{ period }}待复核 {{ count }} 件",
        "未了事宜台帐中有 {{ count }} 件投诉在等待客户或外部原因（联系不上客户、配件未到等），"
        "请在月度复核时逐件确认进展。",
        (
            ("复核期间", "period"),
            ("待复核", "count|pieces"),
            ("最早挂起", "oldest_since|dt"),
            ("台帐负责人", "owner"),
            ("涉及投诉", "items[:20]|join('、')"),
        ),
        ("period", "count"),
        "查看台帐",
    ),
    # To the complainant: their own complaint's number and dates, nothing of the handling.
    "customer_receipt": Kind(
        "【受理回执】您的投诉已受理，编号 {{ complaint_no }}",
        "{{ customer_name or '客户' }}您好：您于 {{ received_at|dt }} 提出的投诉已受理，"
        "编号 {{ complaint_no }}。"
        "{% if reply_due %}我们将在 {{ reply_due|dt }} 前答复您。{% endif %}"
        "凭投诉编号和手机号后四位可随时查询处理进度。",
        (NO, ("受理时间", "received_at|dt"), ("预计答复", "reply_due|dt")),
        ("complaint_no",),
        "查询处理进度",
        short="您的投诉已受理，编号{{ complaint_no }}"
        "{% if reply_due %}，我们将在{{ reply_due|dt }}前答复{% endif %}。"
        "{% if url %}查询进度：{{ url }} （凭编号及手机号后四位）{% endif %}",
    ),
    "customer_survey": Kind(
        "【满意度评价】您的投诉 {{ complaint_no }} 已答复，请您评价",
        "{{ customer_name or '客户' }}您好：您的投诉（编号 {{ complaint_no }}）已答复。"
        "请花一分钟评价我们的响应速度、服务态度、处理结果和总体满意度"
        "{% if valid_days %}，链接 {{ valid_days }} 天内有效，仅可提交一次{% endif %}。",
        (NO,),
        ("complaint_no", "url"),
        "填写满意度评价",
        short="您的投诉{{ complaint_no }}已答复，请评价我们的处理：{{ url }}"
        "{% if valid_days %} （{{ valid_days }}天内有效）{% endif %}",
    ),
}


def render(kind: str, context: Mapping[str, Any]) -> RenderedText:
    """Render the notification of ``kind`` (a key of :data:`KINDS`) from a plain ``context``.

    Raises :class:`ValueError` for an unknown kind, a missing required key, an escalation tier
    other than 1–3, a ``masked_phone`` that is not masked or a ``url`` that is not http(s).
    """
    spec = KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown notification kind {kind!r}")
    return render_kind(kind, spec, context)


def render_message(
    kind: str,
    context: Mapping[str, Any],
    idempotency_key: str,
    attachments: Iterable[Attachment | tuple] = (),
) -> Message:
    """Shortcut: ``render(kind, context).message(idempotency_key, attachments)``."""
    return render(kind, context).message(idempotency_key, attachments)
