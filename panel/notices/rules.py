"""Issuing a notice is a rule: who may, when the subject allows it, and what gets archived."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from panel.access import scope
from panel.access.privacy import mask_phone, sees_full_phone
from panel.access.reveal import record_phone_read
from panel.complaints.enums import Channel
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.models import field_label
from panel.notices import documents
from panel.notices.kinds import ISSUER_ROLES, PHONE_KINDS, NoticeKind
from panel.notices.models import Notice, NoticeNumberCounter, notice_file
from panel.notices.render import RenderedPdf, render_pdf
from panel.notices.settings import check_ready, company_details
from panel.penalties.models import Penalty, PenaltyKind, PenaltyStatus

if TYPE_CHECKING:
    from panel.organisation.models.user import User

# Penalties in force: approved, or upheld on appeal.
EFFECTIVE_PENALTY_STATUSES = frozenset({PenaltyStatus.APPROVED, PenaltyStatus.UPHELD})
# A circular goes with a major demerit or a circular penalty (004 §九: "记大过 … 通报全公司").
CIRCULAR_PENALTY_KINDS = frozenset({PenaltyKind.CIRCULAR, PenaltyKind.MAJOR_DEMERIT})
LEDGER_MAX_DAYS = 366

Subject = Complaint | Penalty | tuple[date, date]


class ArchiveDamaged(RuleError):
    """An archived PDF no longer matches its recorded SHA-256."""


def subject_key(kind: NoticeKind, subject: Subject, actor: User | None = None) -> str:
    """What a notice is about, as stored; a department manager's ledger covers only the
    department's complaints, so it is a document of its own."""
    if kind.subject_kind == "period":
        start, end = subject
        key = f"period:{start.isoformat()}/{end.isoformat()}"
        department = ledger_department(actor)
        return f"{key}:dept:{department.id}" if department is not None else key
    return f"{kind.subject_kind}:{subject.id}"


def ledger_department(actor: User | None):
    """The department a scoped role's ledger is limited to (None: the whole company)."""
    if actor is not None and scope.is_scoped(actor) and actor.staff is not None:
        return actor.staff.department
    return None


def check_issuable(kind: NoticeKind, subject: Subject, actor: User | None) -> None:
    """Refuse with a message when ``actor`` may not issue ``kind`` for ``subject`` now."""
    if actor is None or actor.role not in ISSUER_ROLES[kind]:
        raise RuleError(_("Your role may not issue the %(kind)s.", kind=kind.label))
    complaint = subject.complaint if isinstance(subject, Penalty) else subject
    if isinstance(complaint, Complaint) and not scope.may_see(actor, complaint):
        raise RuleError(_("This complaint belongs to another department."))
    _SUBJECT_CHECKS[kind](kind, subject)


def _check_reply_approved(kind: NoticeKind, complaint: Complaint) -> None:
    if complaint.status not in documents.REPLY_APPROVED_STATUSES:
        raise RuleError(
            _(
                "The %(kind)s can only be issued once the remedy and the reply are approved; "
                "the complaint is now “%(status)s”.",
                kind=kind.label,
                status=complaint.status.label,
            ),
            "status",
        )
    if not documents.approved_remedies(complaint):
        raise RuleError(
            _("The %(kind)s needs at least one approved remedy.", kind=kind.label), "remedies"
        )
    if not (complaint.reply_content or "").strip():
        raise RuleError(
            _(
                "The %(kind)s needs the approved reply: %(field)s is empty.",
                kind=kind.label,
                field=field_label(Complaint, "reply_content"),
            ),
            "reply_content",
        )


def _check_regulator(kind: NoticeKind, complaint: Complaint) -> None:
    if complaint.channel is not Channel.REGULATOR:
        raise RuleError(
            _(
                "The %(kind)s is only for complaints transferred by a regulator; this one came "
                "by “%(channel)s”.",
                kind=kind.label,
                channel=complaint.channel.label,
            ),
            "channel",
        )
    _require(kind, complaint, "regulator_name")
    _check_reply_approved(kind, complaint)


def _check_dispatched(kind: NoticeKind, complaint: Complaint) -> None:
    _require(kind, complaint, "responsible_department_id")


def _check_penalty(kind: NoticeKind, penalty: Penalty) -> None:
    if penalty.status not in EFFECTIVE_PENALTY_STATUSES:
        raise RuleError(
            _(
                "The %(kind)s can only be issued for an approved penalty; this one is "
                "“%(status)s”.",
                kind=kind.label,
                status=penalty.status.label,
            ),
            "status",
        )
    if kind is NoticeKind.CIRCULAR and penalty.kind not in CIRCULAR_PENALTY_KINDS:
        raise RuleError(
            _(
                "A company-wide circular is issued only for a major demerit or a circular "
                "penalty; this penalty is “%(penalty)s”.",
                penalty=penalty.kind.label,
            ),
            "kind",
        )


def _check_period(kind: NoticeKind, period: tuple[date, date]) -> None:
    start, end = period
    if start > end:
        raise RuleError(_("The ledger period starts after it ends."), "period_from")
    if (end - start).days + 1 > LEDGER_MAX_DAYS:
        raise RuleError(
            _("The ledger covers at most %(days)d days at a time.", days=LEDGER_MAX_DAYS),
            "period_to",
        )


def _require(kind: NoticeKind, complaint: Complaint, attribute: str) -> None:
    if getattr(complaint, attribute) in (None, ""):
        raise RuleError(
            _(
                "%(field)s is required for the %(kind)s.",
                field=field_label(Complaint, attribute),
                kind=kind.label,
            ),
            attribute,
        )


_SUBJECT_CHECKS = {
    NoticeKind.CUSTOMER_RESULT: _check_reply_approved,
    NoticeKind.REGULATOR_REPLY: _check_regulator,
    NoticeKind.WORK_CONTACT: _check_dispatched,
    NoticeKind.REGISTRATION: lambda kind, complaint: None,  # every complaint has its form
    NoticeKind.PENALTY: _check_penalty,
    NoticeKind.CIRCULAR: _check_penalty,
    NoticeKind.LEDGER: _check_period,
}


def issue_notice(session: Session, kind: NoticeKind, subject: Subject, actor: User) -> Notice:
    """Check the rules, render the PDF and archive it as the next version of its notice.

    The regulator letter records the complaint's reply-to-regulator time the first time.
    """
    check_issuable(kind, subject, actor)
    company = company_details(session)
    check_ready(company)
    key = subject_key(kind, subject, actor)
    previous = latest_notice(session, kind, key)
    now = clock.now()
    number = previous.number if previous else _next_number(session, kind, now.year)
    version = previous.version + 1 if previous else 1
    context = documents.base_context(company, number, version, now, actor.display_name)
    rendered = _render(session, kind, subject, context, actor)
    notice = Notice(
        number=number,
        version=version,
        kind=kind,
        subject=key,
        complaint=subject if isinstance(subject, Complaint) else _complaint_of(subject),
        penalty=subject if isinstance(subject, Penalty) else None,
        period_from=subject[0] if isinstance(subject, tuple) else None,
        period_to=subject[1] if isinstance(subject, tuple) else None,
        issued_by=actor,
        issued_by_name=actor.display_name[:40],
        issued_at=now,
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        size=len(rendered.pdf),
        pages=rendered.pages,
    )
    notice.missing_characters = rendered.missing_characters
    try:
        with acting_as(actor), session.begin_nested():
            if kind is NoticeKind.REGULATOR_REPLY and subject.regulator_replied_at is None:
                subject.regulator_replied_at = now
            session.add(notice)
            session.flush()
            session.execute(insert(notice_file).values(notice_id=notice.id, pdf=rendered.pdf))
    except IntegrityError:
        raise RuleError(
            _("Someone issued this notice at the same moment; reload and try again.")
        ) from None
    return notice


def _complaint_of(subject: Subject) -> Complaint | None:
    return subject.complaint if isinstance(subject, Penalty) else None


def _render(
    session: Session, kind: NoticeKind, subject: Subject, context: dict, actor: User
) -> RenderedPdf:
    if kind is NoticeKind.CUSTOMER_RESULT:
        context["complaint"] = documents.outside_view(subject)
        # The progress lookup and a one-time survey link, with QR codes (panel.public).
        from panel.public.links import notice_links

        context["links"] = notice_links(session, subject)
    elif kind is NoticeKind.REGULATOR_REPLY:
        view = documents.outside_view(subject)
        replied_at = view.regulator_replied_at or context["issued_at"]
        context["complaint"] = replace(view, regulator_replied_at=replied_at)
    elif kind is NoticeKind.REGISTRATION:
        context["complaint"] = subject
        context["flags"] = [field_label(Complaint, name) for name in subject.flags]
    elif kind is NoticeKind.CIRCULAR:
        context["circular"] = documents.circular_view(subject)
    elif kind is NoticeKind.PENALTY:
        context["penalty"] = subject
    elif kind is NoticeKind.LEDGER:
        rows = documents.ledger_rows(session, *subject, actor)
        context.update(
            department=ledger_department(actor),
            rows=rows,
            summary=documents.ledger_summary(rows),
            period_from=subject[0],
            period_to=subject[1],
        )
    else:
        context["complaint"] = subject
    if isinstance(subject, Complaint):
        context["complainant_phone"] = printed_phone(subject, actor)
    return render_pdf(kind.template, **context)


def printed_phone(complaint: Complaint, actor: User) -> str:
    """The complainant's number as the issuer sees it in the panel: whole for the clerk and
    the advisor, masked (``138****5678``) for the roles that see it masked. The archive keeps
    the bytes, so the choice is made once, when the notice is issued."""
    phone = complaint.complainant_phone or ""
    return phone if sees_full_phone(actor.role) else mask_phone(phone) or ""


def record_phone_handed_over(session: Session, notice: Notice, viewer: User) -> bool:
    """Record a ``read`` of the complainant's number when ``notice`` hands it whole to someone
    who sees numbers masked (an internal form a clerk or advisor issued, downloaded or
    reprinted by a manager or the auditor), as revealing it on the case file does. Returns
    whether it recorded one; the caller commits."""
    complaint = notice.complaint
    issuer = notice.issued_by
    whole = (
        notice.kind in PHONE_KINDS
        and complaint is not None
        and bool(complaint.complainant_phone)
        and issuer is not None
        and sees_full_phone(issuer.role)
    )
    if not whole or sees_full_phone(viewer.role):
        return False
    record_phone_read(session, complaint, viewer)
    return True


def latest_notice(session: Session, kind: NoticeKind, key: str) -> Notice | None:
    return session.scalar(
        select(Notice)
        .where(Notice.kind == kind, Notice.subject == key)
        .order_by(Notice.version.desc())
        .limit(1)
    )


def versions_of(session: Session, kind: NoticeKind, key: str) -> list[Notice]:
    return list(
        session.scalars(
            select(Notice)
            .where(Notice.kind == kind, Notice.subject == key)
            .order_by(Notice.version)
        )
    )


def verified_pdf(session: Session, notice: Notice) -> bytes:
    """The archived bytes, after checking them against the recorded SHA-256 and size."""
    data = session.scalar(select(notice_file.c.pdf).where(notice_file.c.notice_id == notice.id))
    if (
        data is None
        or len(data) != notice.size
        or hashlib.sha256(data).hexdigest() != notice.sha256
    ):
        raise ArchiveDamaged(
            _(
                "The archived file of %(number)s version %(version)d fails its SHA-256 check "
                "and is not served; tell the administrator.",
                number=notice.number,
                version=notice.version,
            )
        )
    return data


def _next_number(session: Session, kind: NoticeKind, year: int) -> str:
    """``GZ-2026-000123``: the next number of the kind's prefix in ``year``."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = NoticeNumberCounter.__table__
    statement = (
        insert(table)
        .values(prefix=kind.prefix, year=year, last_value=1)
        .on_conflict_do_update(
            index_elements=[table.c.prefix, table.c.year],
            set_={"last_value": table.c.last_value + 1},
        )
        .returning(table.c.last_value)
    )
    value = session.execute(statement).scalar_one()
    return f"{kind.prefix}-{year}-{value:06d}"
