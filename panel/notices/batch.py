"""Batch printing: the complaints picked in the list become one merged PDF.

A batch is worked through in steps of about a second each (``run_step``), so the page can show
progress and no request runs for minutes. A complaint whose notice of the kind was issued
before is reprinted from the archive (its latest version); otherwise the notice is issued and
archived now. Complaints the rules refuse are skipped with the reason.
"""

from __future__ import annotations

import io
import time
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.notices.kinds import COMPLAINT_KINDS, ISSUER_ROLES, ISSUING_ROLES, NoticeKind
from panel.notices.models import Notice, NoticeBatch
from panel.notices.rules import (
    check_issuable,
    issue_notice,
    latest_notice,
    record_phone_handed_over,
    subject_key,
    verified_pdf,
)

if TYPE_CHECKING:
    from panel.organisation.models.user import User

BATCH_MAX = 500
STEP_SECONDS = 1.0


def start_batch(session: Session, complaint_ids: list[int], actor: User) -> NoticeBatch:
    """A new batch of the picked complaints, in the order picked, each once."""
    if actor is None or actor.role not in ISSUING_ROLES:
        raise RuleError(_("Your role may not print notices."))
    ids = list(dict.fromkeys(int(i) for i in complaint_ids))
    if not ids:
        raise RuleError(_("Pick at least one complaint to print."))
    if len(ids) > BATCH_MAX:
        raise RuleError(_("Print at most %(n)d complaints at a time.", n=BATCH_MAX))
    batch = NoticeBatch(created_by=actor, complaint_ids=ids, notice_ids=[], skipped=[])
    session.add(batch)
    session.flush()
    return batch


def eligible_counts(session: Session, batch: NoticeBatch, actor: User) -> dict[NoticeKind, int]:
    """How many of the batch's complaints each kind could be printed for."""
    complaints = _complaints(session, batch.complaint_ids)
    counts = {}
    for kind in COMPLAINT_KINDS:
        if actor.role not in ISSUER_ROLES[kind]:
            continue
        counts[kind] = sum(1 for c in complaints.values() if _allowed(kind, c, actor))
    return counts


def choose_kind(batch: NoticeBatch, kind: NoticeKind, actor: User) -> None:
    if kind not in COMPLAINT_KINDS or actor.role not in ISSUER_ROLES[kind]:
        raise RuleError(_("Your role may not issue the %(kind)s.", kind=kind.label))
    if batch.position:
        raise RuleError(_("This batch has started; start a new one for another kind."))
    batch.kind = kind


def run_step(session: Session, batch: NoticeBatch, actor: User, seconds=STEP_SECONDS) -> None:
    """Print the next complaints of the batch for about ``seconds``, then commit the step:
    its notices and the batch's progress are saved together or not at all."""
    if batch.kind is None or batch.finished:
        return
    deadline = time.monotonic() + seconds
    notice_ids, skipped = list(batch.notice_ids), list(batch.skipped)
    while batch.position < batch.total and time.monotonic() < deadline:
        complaint = session.get(Complaint, batch.complaint_ids[batch.position])
        try:
            notice_ids.append(_notice_for(session, batch.kind, complaint, actor).id)
        except RuleError as exc:
            skipped.append([complaint.number if complaint else "—", exc.message])
        batch.position += 1
    batch.notice_ids, batch.skipped = notice_ids, skipped
    if batch.position == batch.total:
        batch.finished_at = clock.now()
    with acting_as(actor):
        session.commit()


def _notice_for(session: Session, kind: NoticeKind, complaint: Complaint | None, actor: User):
    if complaint is None:
        raise RuleError(_("The complaint no longer exists."))
    previous = latest_notice(session, kind, subject_key(kind, complaint))
    if previous is not None:
        check_issuable(kind, complaint, actor)  # reprinting is issuing: the rules still hold
        return previous
    return issue_notice(session, kind, complaint, actor)


def merged_pdf(session: Session, batch: NoticeBatch) -> bytes:
    """The batch's notices, in order, as one PDF; each checked against its SHA-256 first, and
    each that hands a whole phone number to a masked role recorded (the caller commits)."""
    from pypdf import PdfReader, PdfWriter

    notices = {
        n.id: n for n in session.scalars(select(Notice).where(Notice.id.in_(batch.notice_ids)))
    }
    writer = PdfWriter()
    for notice_id in batch.notice_ids:
        writer.append(PdfReader(io.BytesIO(verified_pdf(session, notices[notice_id]))))
        record_phone_handed_over(session, notices[notice_id], batch.created_by)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _complaints(session: Session, ids: list[int]) -> dict[int, Complaint]:
    return {c.id: c for c in session.scalars(select(Complaint).where(Complaint.id.in_(ids)))}


def _allowed(kind: NoticeKind, complaint: Complaint, actor: User) -> bool:
    try:
        check_issuable(kind, complaint, actor)
    except RuleError:
        return False
    return True
