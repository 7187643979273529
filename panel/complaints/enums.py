"""The vocabularies of a complaint record (DOMAIN.md: channels, classification, process)."""

from flask_babel import lazy_gettext as _l

from panel.core.models import LabelledEnum


class Channel(LabelledEnum):
    HOTLINE = "hotline", _l("Phone hotline")
    ON_SITE = "on_site", _l("On site")
    WALK_IN = "walk_in", _l("Walk-in return")
    LETTER_FAX = "letter_fax", _l("Letter or fax")
    WEBSITE = "website", _l("Website or forum")
    WECHAT = "wechat", _l("WeChat official account")
    OEM_WORK_ORDER = "oem_work_order", _l("OEM work order")
    REGULATOR = "regulator", _l("Transferred by a regulator")
    CALLBACK = "callback", _l("Found during a callback")


class Category(LabelledEnum):
    REPAIR_QUALITY = "repair_quality", _l("Repair quality")
    PRODUCT_QUALITY = "product_quality", _l("Product quality")
    PARTS_SUPPLY = "parts_supply", _l("Parts supply")
    SERVICE_ATTITUDE = "service_attitude", _l("Service attitude")
    PRICING = "pricing", _l("Pricing and charges")
    DELAY = "delay", _l("Delay")
    DRIVER_SERVICE = "driver_service", _l("Driver service")
    SAFETY = "safety", _l("Safety")
    LOST_PROPERTY = "lost_property", _l("Lost property")
    OTHER = "other", _l("Other")


class Nature(LabelledEnum):
    APPEAL = "appeal", _l("Appeal (rework, replace, return)")
    CLAIM = "claim", _l("Claim for compensation")
    UNJUSTIFIED = "unjustified", _l("Unjustified")


class Severity(LabelledEnum):
    GENERAL = "general", _l("General")
    MAJOR = "major", _l("Major")
    SPECIAL_MAJOR = "special_major", _l("Special major")

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class Urgency(LabelledEnum):
    NORMAL = "normal", _l("Normal")
    URGENT = "urgent", _l("Urgent")


class Status(LabelledEnum):
    REGISTERED = "registered", _l("Registered")
    DISPATCHED = "dispatched", _l("Dispatched")
    INVESTIGATING = "investigating", _l("Investigating")
    AWAITING_APPROVAL = "awaiting_approval", _l("Awaiting approval")
    APPROVED = "approved", _l("Approved")
    REPLIED = "replied", _l("Replied")
    CALLBACK_DONE = "callback_done", _l("Callback done")
    CLOSED = "closed", _l("Closed")
    INVALID = "invalid", _l("Invalid (closed)")
    PENDING_CUSTOMER = "pending_customer", _l("Pending on the customer")
    REOPENED = "reopened", _l("Reopened")


OPEN_STATUSES = frozenset(Status) - {Status.CLOSED, Status.INVALID}
# The process steps in order, as a complaint without detours takes them.
MAIN_PATH = (
    Status.REGISTERED,
    Status.DISPATCHED,
    Status.INVESTIGATING,
    Status.AWAITING_APPROVAL,
    Status.APPROVED,
    Status.REPLIED,
    Status.CALLBACK_DONE,
    Status.CLOSED,
)


class Fault(LabelledEnum):
    OURS = "ours", _l("Our fault")
    BOTH = "both", _l("Both at fault")
    COMPLAINANT = "complainant", _l("Complainant's fault")
    UNDETERMINED = "undetermined", _l("Undetermined")
