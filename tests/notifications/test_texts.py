"""The Chinese notification texts: every kind, privacy, markdown safety, formatting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from panel.notifications import Message
from panel.notifications.texts import ESCALATION_SCOPE, KINDS, render, render_message

URL = "https://panel.example.cn/complaints/17"
FULL = {
    "complaint_no": "TS-2024-0017",
    "customer_name": "王先生",
    "category": "维修质量",
    "severity": "重大",
    "department": "售后服务部",
    "assignee": "张技师",
    "due_at": datetime(2024, 5, 6, 14, 30),
    "url": URL,
    "summary": "保养后刹车异响，要求免费返修",
    "step": "事实调查与处理方案",
    "role": "服务经理",
    "tier": 2,
    "regulator": "12345 热线",
    "staff_name": "李四",
    "decision": "扣减月度绩效 5 分并通报全公司",
    "period": "2024年第19周",
    "count": 3,
}
EXPECTED_KINDS = {
    "dispatched", "assigned", "approval_requested", "due_soon", "overdue", "escalated",
    "urgent_registered", "out_of_hours_registered", "regulator_reply_due", "penalty_decided",
    "weekly_summary", "monthly_summary", "pending_review", "customer_receipt", "customer_survey",
}  # fmt: skip


def test_every_event_kind_has_a_template():
    assert set(KINDS) == EXPECTED_KINDS


@pytest.mark.parametrize("kind", sorted(EXPECTED_KINDS))
def test_each_kind_renders_title_markdown_and_text(kind):
    rendered = render(kind, FULL)
    assert rendered.kind == kind
    assert rendered.title.startswith("【") and "\n" not in rendered.title
    for body in (rendered.markdown, rendered.text):
        assert body.endswith("\n") and "{{" not in body and "None" not in body
    assert f"({URL})" in rendered.markdown
    assert URL in rendered.text and "](" not in rendered.text
    if KINDS[kind].short is None:
        assert rendered.short_text == f"{rendered.title}，详情：{URL}"
    else:  # a text message of its own wording, with the link
        assert URL in rendered.short_text and "{{" not in rendered.short_text


def test_the_customer_receipt_reads_well_without_a_link_a_name_or_a_date():
    rendered = render("customer_receipt", {"complaint_no": "TS-2024-0017"})
    assert rendered.short_text == "您的投诉已受理，编号TS-2024-0017。"
    assert rendered.text.startswith("客户您好：") and "None" not in rendered.text
    full = render("customer_receipt", {**FULL, "reply_due": datetime(2024, 5, 9, 17, 30)})
    assert "我们将在2024-05-09 17:30前答复" in full.short_text
    assert "张技师" not in full.text and "售后服务部" not in full.text  # nothing of the handling


@pytest.mark.parametrize("kind", sorted(EXPECTED_KINDS))
def test_each_kind_renders_from_its_required_keys_alone(kind):
    minimal = {key: FULL[key] for key in KINDS[kind].required}
    rendered = render(kind, minimal)
    assert rendered.title and rendered.markdown.strip() and rendered.text.strip()
    assert "：\n" not in rendered.text  # empty fields are left out, not shown blank
    if "url" not in KINDS[kind].required:
        assert "http" not in rendered.short_text  # no link without a url
    if KINDS[kind].short is None:
        assert rendered.short_text == rendered.title
    for key in KINDS[kind].required:
        with pytest.raises(ValueError, match=key):
            render(kind, {**minimal, key: ""})


def test_dispatched_text():
    rendered = render("dispatched", FULL)
    assert rendered.title == "【派单】投诉 TS-2024-0017 已派发至售后服务部"
    assert rendered.text == (
        "售后服务部收到一件新派发的投诉，请在 2024-05-06 14:30 前指定责任人。\n"
        "\n"
        "投诉编号：TS-2024-0017\n"
        "客户：王先生\n"
        "类别：维修质量\n"
        "严重程度：重大\n"
        "投诉摘要：保养后刹车异响，要求免费返修\n"
        "处理时限：2024-05-06 14:30\n"
        "\n"
        f"查看投诉：{URL}\n"
    )
    assert rendered.markdown.splitlines()[2:4] == [
        "> 投诉编号：**TS-2024-0017**  ",
        "> 客户：王先生  ",
    ]
    assert rendered.markdown.endswith(f"[查看投诉]({URL})\n")


@pytest.mark.parametrize("tier", [1, 2, 3])
def test_escalation_tiers_name_who_joins(tier):
    rendered = render("escalated", {**FULL, "tier": tier, "reason": "3 天未解决"})
    assert rendered.title == f"【升级·第{tier}级】投诉 TS-2024-0017"
    assert f"参与人员：{ESCALATION_SCOPE[tier]}。" in rendered.text
    assert "原因：3 天未解决" in rendered.text
    assert ("总经理" in rendered.text) is (tier == 3)
    assert ("技术总监" in rendered.text) is (tier >= 2)


@pytest.mark.parametrize("tier", [0, 4, "2"])
def test_escalation_tier_outside_1_to_3_is_refused(tier):
    with pytest.raises(ValueError, match="tier"):
        render("escalated", {**FULL, "tier": tier})


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        render("birthday", FULL)


# --- privacy -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(EXPECTED_KINDS))
def test_raw_phone_keys_never_reach_a_staff_message(kind):
    context = {**FULL, "phone": "13912345678", "mobile": "13912345678", "customer_phone": "x"}
    rendered = render(kind, context)
    for part in (rendered.title, rendered.markdown, rendered.text, rendered.short_text):
        assert "13912345678" not in part and "客户电话" not in part


def test_phone_numbers_inside_values_are_masked():
    context = {
        **FULL,
        "customer_name": "王先生（13812345678）",
        "summary": "客户留言：请回电 +86 138 0000 1111 或 0571-87654321，单号 202405061234567",
    }
    rendered = render("urgent_registered", context)
    for body in (rendered.markdown, rendered.text):
        assert "13812345678" not in body and "87654321" not in body
    assert "王先生（138****5678）" in rendered.text
    assert "0571-****4321" in rendered.text
    assert "202405061234567" in rendered.text  # a long number is not a phone number


def test_already_masked_phone_is_shown_to_the_duty_manager():
    rendered = render("out_of_hours_registered", {**FULL, "masked_phone": "139****5678"})
    assert "客户电话：139****5678" in rendered.text
    assert "客户电话：139＊＊＊＊5678" in rendered.markdown


@pytest.mark.parametrize("value", ["13912345678", "139 1234 5678", "1391234****", "unknown"])
def test_masked_phone_must_really_be_masked(value):
    with pytest.raises(ValueError, match="masked"):
        render("urgent_registered", {**FULL, "masked_phone": value})


# --- markdown safety and formatting ---------------------------------------------------------------


def test_values_cannot_inject_markdown():
    context = {**FULL, "customer_name": "**假冒** [点我](http://evil.example) <font>", "url": None}
    rendered = render("assigned", context)
    assert "[点我](http://evil.example)" not in rendered.markdown
    assert "**假冒**" not in rendered.markdown and "<font>" not in rendered.markdown
    assert "> 客户：＊＊假冒＊＊ ［点我］(http://evil.example) ＜font＞  " in rendered.markdown
    assert "客户：**假冒** [点我](http://evil.example) <font>" in rendered.text  # plain stays plain


def test_multiline_values_stay_on_their_line():
    rendered = render("assigned", {**FULL, "summary": "第一行\n> 第二行\n# 标题"})
    assert "> 投诉摘要：第一行 ＞ 第二行 ＃ 标题  " in rendered.markdown


def test_url_must_be_http_and_is_made_markdown_safe():
    with pytest.raises(ValueError, match="url"):
        render("assigned", {**FULL, "url": "javascript:alert(1)"})
    with pytest.raises(ValueError, match="url"):
        render("assigned", {**FULL, "url": "https://p.example.cn/c/1 [x]"})
    rendered = render("assigned", {**FULL, "url": "https://p.example.cn/c/1?q=(a)"})
    assert "[查看投诉](https://p.example.cn/c/1?q=%28a%29)" in rendered.markdown
    assert "查看投诉：https://p.example.cn/c/1?q=(a)" in rendered.text


def test_aware_datetimes_are_shown_in_china_time():
    due = datetime(2024, 5, 6, 6, 30, tzinfo=UTC)
    assert "2024-05-06 14:30" in render("due_soon", {**FULL, "due_at": due}).text


def test_durations_amounts_and_rates():
    due_soon = render("due_soon", {**FULL, "remaining": timedelta(minutes=95)})
    assert "（剩余 1 小时 35 分钟）" in due_soon.text
    overdue = render("overdue", {**FULL, "overdue_by": timedelta(days=3, hours=4)})
    assert "（已超出 3 天 4 小时）" in overdue.text
    approval = render("approval_requested", {**FULL, "amount": Decimal("1280.5")})
    assert "涉及金额：¥1,280.50" in approval.text
    weekly = {"period": "2024年第19周", "received": 12, "closure_rate": 0.8533, "overdue": 0}
    text = render("weekly_summary", weekly).text
    assert "已办结" not in text  # not given, so not shown
    assert "新受理：12 件" in text and "超时：0 件" in text and "办结率：85.3%" in text
    monthly = {"period": "2024年5月", "complaint_rate": 0.0012, "one_week_closure_rate": 0.8}
    text = render("monthly_summary", monthly).text
    assert "投诉率：0.12%" in text and "一周结案率：80.0%" in text


def test_weekly_summary_names_its_attachment():
    context = {"period": "2024年第19周", "attachment_name": "投诉周报-2024W19.pdf"}
    rendered = render("weekly_summary", context)
    assert "完整周报见附件《投诉周报-2024W19.pdf》" in rendered.text


def test_pending_review_lists_at_most_twenty_complaints():
    items = [f"TS-{n:04d}" for n in range(30)]
    text = render("pending_review", {**FULL, "count": 30, "items": items}).text
    assert "TS-0019" in text and "TS-0020" not in text
    assert render("pending_review", {"period": "2024年5月", "count": 0}).title.endswith("0 件")


def test_render_message_builds_the_channel_message():
    pdf = ("周报.pdf", b"%PDF-1.4", "application/pdf")
    message = render_message("weekly_summary", FULL, "outbox:5", [pdf])
    assert isinstance(message, Message)
    assert message.title == "【投诉周报】2024年第19周"
    assert message.idempotency_key == "outbox:5"
    assert message.attachments[0].filename == "周报.pdf"
    assert message.short_text.startswith(message.title)


def test_templates_are_sandboxed():
    from jinja2.exceptions import SecurityError

    from panel.notifications._format import template

    with pytest.raises(SecurityError):
        template("{{ x.__class__.__mro__[1].__subclasses__() }}").render(x="")
