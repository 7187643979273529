"""The pending ledger (未了事宜台帐, 001): its rows with the monthly review, as a page, a
spreadsheet (CSV with BOM for Excel, or XLSX) and a printed PDF.

One function builds the rows for all three, within the viewer's department scope and with the
phone number as the viewer may see it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Response
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from panel.access.privacy import mask_phone, sees_full_phone
from panel.admin.export import table_download
from panel.complaints import queues
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.organisation.models.user import User
from panel.worktime.clocks import open_pause
from panel.worktime.display import span_words

REVIEW_DAYS = 30  # pending longer than this without a review: marked on the page


def ledger_rows(session: Session, user: User, now: datetime) -> list[dict]:
    """The complaints pending on the customer that ``user`` may see, longest waiting first,
    each with where it was parked from, why, its last review and its next review due."""
    statement = queues.queue_statement(session, user, "pending", now).options(
        selectinload(Complaint.transitions),
        selectinload(Complaint.pauses),
        selectinload(Complaint.pending_reviews),
    )
    rows = []
    for complaint in session.scalars(statement):
        parked = next(
            (t for t in reversed(complaint.transitions) if t.to_status is Status.PENDING_CUSTOMER),
            None,
        )
        pause = open_pause(complaint)
        since = pause.started_at if pause else (parked.at if parked else complaint.received_at)
        reviews = complaint.pending_reviews
        left = pause.step_left_seconds if pause else None
        phone = complaint.complainant_phone or ""
        rows.append(
            {
                "complaint": complaint,
                "phone": phone if sees_full_phone(user.role) else (mask_phone(phone) or ""),
                "since": since,
                "days": (now - since).days,
                "from_status": parked.from_status if parked else None,
                "reason": parked.reason if parked else "",
                "review": reviews[-1] if reviews else None,
                "next_review": complaint.step_due_at,
                "review_late": complaint.step_due_at is not None and complaint.step_due_at < now,
                "step_left": None if left is None else _signed(left),
            }
        )
    rows.sort(key=lambda row: row["since"])
    return rows


def _signed(seconds: int) -> str:
    words = span_words(timedelta(seconds=seconds))
    return _("%(time)s overdue", time=words) if seconds < 0 else words


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def table(rows: list[dict]) -> list[list]:
    """Header and one line per pending matter, as exported."""
    lines = [
        [
            _("Complaint"),
            _("Complainant"),
            _("Phone"),
            _("Department"),
            _("Handler"),
            _("Pending since"),
            _("Days pending"),
            _("Parked from"),
            _("Reason"),
            _("Step time left on resuming"),
            _("Last review"),
            _("Reviewed by"),
            _("Conclusion"),
            _("Next review due"),
        ]
    ]
    for row in rows:
        complaint, review = row["complaint"], row["review"]
        lines.append(
            [
                complaint.number,
                complaint.complainant_name,
                row["phone"],
                complaint.complained_department.name if complaint.complained_department else "",
                complaint.handler.display_name if complaint.handler else "",
                _when(row["since"]),
                row["days"],
                str(row["from_status"].label) if row["from_status"] else "",
                row["reason"] or "",
                row["step_left"] or "",
                _when(review.reviewed_at) if review else "",
                review.reviewed_by.display_name if review and review.reviewed_by else "",
                review.conclusion if review else "",
                _when(row["next_review"]),
            ]
        )
    return lines


def export_response(rows: list[dict], kind: str, title: str, filename: str) -> Response:
    """The ledger as CSV (UTF-8 with BOM) or XLSX."""
    return table_download(title, table(rows), kind, filename, sheet="ledger")


def pdf_response(session: Session, rows: list[dict], user: User, now: datetime, filename: str):
    """The ledger printed on A4 landscape, in Chinese like the other notices."""
    from panel.notices.documents import HELPERS
    from panel.notices.render import render_pdf
    from panel.notices.settings import company_details

    rendered = render_pdf(
        "worktime/pending_ledger.html",
        **HELPERS,
        company=company_details(session),
        number="",
        version=1,
        issued_at=now,
        issuer=user.display_name,
        rows=rows,
        review_days=REVIEW_DAYS,
    )
    return Response(
        rendered.pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"inline; filename={filename}.pdf"},
    )
