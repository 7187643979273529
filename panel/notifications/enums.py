"""The vocabularies of notifications: what happened, through which channel, to whom."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from panel.core.models import LabelledEnum


class EventKind(LabelledEnum):
    """Something staff must be told about; each kind is one line group of the routing table."""

    DISPATCHED = "dispatched", _l("Complaint dispatched to the department")
    ASSIGNED = "assigned", _l("Complaint assigned to a handler")
    APPROVAL_REQUESTED = "approval_requested", _l("Approval requested")
    DUE_SOON = "due_soon", _l("Step due soon")
    OVERDUE = "overdue", _l("Step overdue")
    ESCALATED_1 = "escalated_1", _l("Escalated: tier 1")
    ESCALATED_2 = "escalated_2", _l("Escalated: tier 2")
    ESCALATED_3 = "escalated_3", _l("Escalated: tier 3")
    URGENT_REGISTERED = "urgent_registered", _l("Urgent complaint registered")
    OUT_OF_HOURS_REGISTERED = "out_of_hours_registered", _l("Urgent complaint out of hours")
    REGULATOR_REPLY_DUE = "regulator_reply_due", _l("Reply to the regulator due soon")
    PENALTY_DECIDED = "penalty_decided", _l("Penalty decided")
    WEEKLY_SUMMARY = "weekly_summary", _l("Weekly summary")
    MONTHLY_SUMMARY = "monthly_summary", _l("Monthly summary")
    PENDING_REVIEW = "pending_review", _l("Pending ledger review")
    CUSTOMER_RECEIPT = "customer_receipt", _l("Receipt to the complainant")
    CUSTOMER_SURVEY = "customer_survey", _l("Survey link to the complainant")

    @property
    def text_kind(self) -> str:
        """The message template of :mod:`panel.notifications.texts` this event uses."""
        return "escalated" if self.value.startswith("escalated_") else self.value

    @property
    def tier(self) -> int | None:
        """The escalation tier (1–3) of an escalation event, else None."""
        return int(self.value[-1]) if self.value.startswith("escalated_") else None

    @classmethod
    def escalation(cls, tier: int) -> EventKind:
        return cls(f"escalated_{tier}")


class Channel(LabelledEnum):
    PANEL = "panel", _l("In the panel (bell)")
    EMAIL = "email", _l("E-mail")
    SMS = "sms", _l("SMS")
    WECOM = "wecom", _l("WeCom group robot")
    DINGTALK = "dingtalk", _l("DingTalk group robot")

    @property
    def is_group(self) -> bool:
        """Group robots post to one chat group: they have no personal recipient."""
        return self in (Channel.WECOM, Channel.DINGTALK)


class Relation(LabelledEnum):
    """A recipient named by their part in the case rather than by name or role."""

    HANDLER = "handler", _l("The handler")
    STEP_OWNER = "step_owner", _l("Whoever owns the current step")
    DEPARTMENT_MANAGER = "department_manager", _l("Manager of the responsible department")
    APPROVER = "approver", _l("The role the approval waits for")
    RECORDED_BY = "recorded_by", _l("The clerk who registered it (callbacks)")
    PENALISED = "penalised", _l("The penalised person")
    COMPLAINANT = "complainant", _l("The complainant (text message to their mobile)")


class DeliveryStatus(LabelledEnum):
    PENDING = "pending", _l("Waiting")
    SENDING = "sending", _l("Sending")
    DELIVERED = "delivered", _l("Delivered")
    FAILED = "failed", _l("Failed")
