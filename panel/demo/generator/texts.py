"""The words of generated history: replies, evidence, remedies and penalty reasons."""

from __future__ import annotations

from decimal import Decimal

from panel.complaints.enums import Category, Fault
from panel.remedies.models import RemedyKind

K = RemedyKind

REPLIES = (
    "非常抱歉给您带来不便，我们已查明原因并安排免费返修，返修后由服务经理亲自回访。",
    "经核实，您反映的情况属实，我们已对相关人员进行批评教育，并按方案给予补偿。",
    "感谢您的反馈，我们已复核结算单并退还多收费用，今后报价将事先书面确认。",
    "经调查，车辆故障系使用原因所致，我们为您提供免费检测并协助办理保险理赔。",
)
INVALID_REPLIES = (
    "经核实，该情况不属于我公司责任范围，已向您耐心说明，感谢理解。",
    "经调取监控与工单记录，服务过程符合规定，已向您解释说明。",
)
EVIDENCE = {
    Fault.OURS: "工单记录与车间监控一致，确属我方责任。",
    Fault.BOTH: "双方均有过错：我方未事先告知，客户未按约定时间取车。",
    Fault.COMPLAINANT: "检测报告显示系客户操作不当所致，已出具书面说明。",
    Fault.UNDETERMINED: "现有证据无法判定责任，已记录在案。",
}
OPINIONS = ("客户表示接受处理结果。", "客户基本满意，希望今后改进。", "客户接受方案。")
PENDING_REASON = "客户电话暂时无法接通，等待客户回复。"
REOPEN_REASON = "客户回访时表示问题再次出现，重新处理。"
PENALTY_REASONS = (
    "服务态度冷淡，经查投诉属实。",
    "未按约定时间交车，造成客户投诉。",
    "驾驶员绕路多收费，经行车记录核实。",
)
REMEDY_TEXT = {
    K.APOLOGY: "当面赔礼道歉",
    K.EXPLANATION: "书面解释说明原因",
    K.FREE_REWORK: "免费返修并延长质保",
    K.FEE_WAIVER: "减免本次工时费",
    K.COMPENSATION: "给予经济补偿",
    K.REFUND: "退还多收费用",
    K.PAY_FIRST: "先行赔付，再向责任人追偿",
    K.INSURANCE: "协助办理保险理赔",
    K.TRANSPORT: "提供代步车或交通补贴",
    K.OTHER: "其他处理",
}
_BY_CATEGORY = {
    Category.REPAIR_QUALITY: ((K.FREE_REWORK, 0), (K.APOLOGY, 0), (K.FEE_WAIVER, 300)),
    Category.PRODUCT_QUALITY: ((K.FREE_REWORK, 0), (K.COMPENSATION, 3000), (K.INSURANCE, 0)),
    Category.PARTS_SUPPLY: ((K.TRANSPORT, 400), (K.APOLOGY, 0), (K.COMPENSATION, 600)),
    Category.SERVICE_ATTITUDE: ((K.APOLOGY, 0), (K.EXPLANATION, 0)),
    Category.PRICING: ((K.REFUND, 300), (K.FEE_WAIVER, 200), (K.EXPLANATION, 0)),
    Category.DELAY: ((K.FEE_WAIVER, 500), (K.TRANSPORT, 800), (K.APOLOGY, 0)),
    Category.DRIVER_SERVICE: ((K.APOLOGY, 0), (K.REFUND, 50), (K.COMPENSATION, 200)),
    Category.SAFETY: ((K.PAY_FIRST, 12000), (K.COMPENSATION, 5000), (K.APOLOGY, 0)),
    Category.LOST_PROPERTY: ((K.EXPLANATION, 0), (K.COMPENSATION, 500)),
}


def remedy_choices(category: Category) -> tuple[tuple[RemedyKind, Decimal], ...]:
    """The remedies that fit a category, most usual first, with their usual amount."""
    options = _BY_CATEGORY.get(category, ((K.APOLOGY, 0), (K.EXPLANATION, 0)))
    return tuple((kind, Decimal(amount)) for kind, amount in options)
