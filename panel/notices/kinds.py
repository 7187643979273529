"""The kinds of notice the panel prints, their number prefixes and who may issue them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from panel.access.roles import ADMIN_ONLY, MANAGERS, NOTICE_ISSUERS, NOTICE_READERS
from panel.core.models import LabelledEnum
from panel.organisation.models.user import Role


class NoticeKind(LabelledEnum):
    CUSTOMER_RESULT = "customer_result", _l("Complaint result notice")  # 投诉处理结果告知书
    REGULATOR_REPLY = "regulator_reply", _l("Reply letter to the regulator")  # 投诉处理情况回复函
    WORK_CONTACT = "work_contact", _l("Work contact letter")  # 工作联系函
    REGISTRATION = "registration", _l("Complaint registration form")  # 客户投诉登记表
    PENALTY = "penalty", _l("Penalty notice")  # 处罚通知书
    CIRCULAR = "circular", _l("Company-wide circular")  # 通报
    LEDGER = "ledger", _l("Complaint ledger")  # 投诉处理台帐

    @property
    def prefix(self) -> str:
        """The two letters that start the notice number, e.g. ``GZ-2026-000123``."""
        return PREFIXES[self]

    @property
    def template(self) -> str:
        return f"notices/pdf/{self.value}.html"

    @property
    def subject_kind(self) -> str:
        """What the notice is about: a complaint, a penalty or a period (the ledger)."""
        if self in (NoticeKind.PENALTY, NoticeKind.CIRCULAR):
            return "penalty"
        if self is NoticeKind.LEDGER:
            return "period"
        return "complaint"


PREFIXES = {
    NoticeKind.CUSTOMER_RESULT: "GZ",  # 告知
    NoticeKind.REGULATOR_REPLY: "HF",  # 回复
    NoticeKind.WORK_CONTACT: "LX",  # 联系
    NoticeKind.REGISTRATION: "DJ",  # 登记
    NoticeKind.PENALTY: "CF",  # 处罚
    NoticeKind.CIRCULAR: "TB",  # 通报
    NoticeKind.LEDGER: "TZ",  # 台帐
}

COMPLAINT_KINDS = (
    NoticeKind.CUSTOMER_RESULT,
    NoticeKind.REGULATOR_REPLY,
    NoticeKind.WORK_CONTACT,
    NoticeKind.REGISTRATION,
)
PENALTY_KINDS = (NoticeKind.PENALTY, NoticeKind.CIRCULAR)
# The internal documents that print the complainant's phone number (as the issuer saw it).
PHONE_KINDS = frozenset({NoticeKind.WORK_CONTACT, NoticeKind.REGISTRATION})

# Clerks relay approved answers and dispatch (DOMAIN.md "People and roles"); managers also
# sign penalties, circulars and the ledger. Auditors only read the archive; admins only
# edit the notice settings.
ISSUER_ROLES: dict[NoticeKind, frozenset[Role]] = {
    **{kind: NOTICE_ISSUERS for kind in COMPLAINT_KINDS},
    NoticeKind.PENALTY: MANAGERS,
    NoticeKind.CIRCULAR: MANAGERS,
    NoticeKind.LEDGER: MANAGERS,
}
ISSUING_ROLES = NOTICE_ISSUERS
ARCHIVE_ROLES = NOTICE_READERS
SETTINGS_ROLES = ADMIN_ONLY

# Labels the complaint list borrows for its batch-print action and its per-row link.
BATCH_PRINT_LABEL = _l("Batch print")
NOTICES_LABEL = _l("Notices")
