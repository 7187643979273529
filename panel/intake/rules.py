"""What a work order holds, however it arrives (API, uploaded list, import command), and how
one is told from another.

The idempotency key is (source, ticket number): the same work order received twice is the
same complaint. Its facts are normalised with the model's own validators (phone, plate,
lengths) and hashed; a work order received again with another hash is a changed one, recorded
as an update of the complaint it became.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from panel.complaints.enums import Category
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.validation import check_length, normalise_phone, normalise_plate

# field -> (label, the complaint attribute it fills, max length)
FIELDS = {
    "ticket_no": (_l("Ticket number"), None, 60),
    "received_at": (_l("Received at"), "received_at", None),
    "reply_due_at": (_l("Reply due (source)"), None, None),
    "complainant_name": (_l("Complainant"), "complainant_name", 40),
    "phone": (_l("Complainant phone"), "complainant_phone", None),
    "plate_number": (_l("Plate number"), "plate_number", None),
    "address": (_l("Complainant address"), "complainant_address", 200),
    "content": (_l("Complaint content"), "content", 4000),
    "demand": (_l("Customer's demand"), "customer_demand", 2000),
    "category": (_l("Category"), "category", None),
}
REQUIRED = ("ticket_no", "complainant_name", "content")
# What the complaint takes over from a changed work order (the process owns the rest).
UPDATABLE = (
    "reply_due_at",
    "complainant_name",
    "phone",
    "plate_number",
    "address",
    "content",
    "demand",
)
# Column headings of the lists as the 12345-style platforms export them.
HEADINGS = {
    "source": ("source", "来源", "工单来源", "渠道"),
    "ticket_no": ("ticket_no", "工单编号", "工单号", "编号", "受理编号", "诉求编号"),
    "received_at": ("received_at", "受理时间", "来电时间", "登记时间", "派单时间", "交办时间"),
    "reply_due_at": ("reply_due_at", "办结时限", "答复期限", "回复时限", "办理时限", "截止时间"),
    "complainant_name": ("complainant_name", "诉求人", "来电人", "投诉人", "姓名", "联系人"),
    "phone": ("phone", "complainant_phone", "联系电话", "来电号码", "电话", "手机号"),
    "plate_number": ("plate_number", "车牌号", "车牌号码", "车牌"),
    "address": ("address", "complainant_address", "地址", "联系地址"),
    "content": ("content", "诉求内容", "投诉内容", "内容", "问题描述"),
    "demand": ("demand", "customer_demand", "诉求", "诉求目的", "客户要求", "投诉诉求"),
    "category": ("category", "类别", "投诉类别"),
}
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                 "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日")  # fmt: skip


@dataclass
class WorkOrderData:
    """A work order's facts, normalised; ``errors`` maps a field to its message."""

    facts: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    @property
    def ticket_no(self) -> str:
        return self.facts.get("ticket_no") or ""

    def payload(self) -> dict:
        """The facts as JSON values (times as ISO text), without the ticket number."""
        return {
            key: value.isoformat(sep=" ") if isinstance(value, datetime) else value
            for key, value in sorted(self.facts.items())
            if key != "ticket_no"
        }

    def payload_hash(self) -> str:
        text = json.dumps(self.payload(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def label_of(name: str) -> str:
    return str(FIELDS[name][0])


def parse_time(label: str, value) -> datetime | None:
    """A date and time as sent: ISO 8601 (an offset is turned into China time), or the forms
    the platforms export (2026-12-01 09:30, 2026/12/01, 2026年12月1日)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        moment = None
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            for pattern in _TIME_FORMATS:
                try:
                    moment = datetime.strptime(text, pattern)
                    break
                except ValueError:
                    continue
        if moment is None:
            raise RuleError(
                _("%(field)s: “%(value)s” is not a date and time.", field=label, value=text)
            )
    if moment.tzinfo is not None:
        moment = moment.astimezone(clock.BUSINESS_TZ).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _category(label: str, value) -> Category:
    text = str(value).strip()
    for member in Category:
        if text in (member.value, str(member.label)):
            return member
    raise RuleError(_("%(field)s: unknown value “%(value)s”.", field=label, value=text))


def _text(name: str, value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise RuleError(_("%(field)s contains control characters.", field=label_of(name)))
    return check_length(label_of(name), text, FIELDS[name][2]) if FIELDS[name][2] else text


_NORMALISE = {
    "received_at": lambda value: parse_time(label_of("received_at"), value),
    "reply_due_at": lambda value: parse_time(label_of("reply_due_at"), value),
    "phone": lambda value: normalise_phone(label_of("phone"), _text("phone", value)),
    "plate_number": lambda value: normalise_plate(
        label_of("plate_number"), _text("plate_number", value)
    ),
    "category": lambda value: _category(label_of("category"), value) if value else None,
}


def read_work_order(raw: dict) -> WorkOrderData:
    """Normalise a work order's fields one by one, collecting every field's error."""
    data = WorkOrderData()
    for name in FIELDS:
        value = raw.get(name)
        try:
            normalise = _NORMALISE.get(name, lambda v, n=name: _text(n, v))
            value = normalise(value)
        except RuleError as exc:
            data.errors[name] = exc.message
            continue
        if value is None and name in REQUIRED:
            data.errors[name] = _("%(field)s is required.", field=label_of(name))
        elif value is not None:
            data.facts[name] = value.value if isinstance(value, Category) else value
    return data


def changes_between(old: dict, new: dict) -> dict:
    """The fields whose value differs: ``{field: [old, new]}`` (JSON values)."""
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def heading_map(headings) -> dict[int, str]:
    """Column index -> field name, for the headings a list carries (unknown ones ignored)."""
    known = {alias.strip().lower(): name for name, aliases in HEADINGS.items() for alias in aliases}
    mapping = {}
    for index, heading in enumerate(headings):
        name = known.get(str(heading or "").strip().lower())
        if name and name not in mapping.values():
            mapping[index] = name
    return mapping
