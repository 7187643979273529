"""The scheduled messages: the weekly and monthly summaries (the PDF attached) for the general
manager, and the monthly reminder to review the pending ledger (未了事宜台帐, 001).

They run in the worker (:mod:`panel.notifications.tasks`) instead of the host's cron; each is
one outbox event per period, so a second run, or a second consumer, sends nothing twice.
"""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.notifications import emit
from panel.notifications.enums import EventKind
from panel.notifications.fanout import begin_write
from panel.notifications.models import NotificationEvent
from panel.notifications.rules import Event
from panel.reports.figures import dashboard
from panel.reports.penalties import penalty_summary
from panel.reports.periods import Period, previous_period
from panel.reports.summary import chart_set

KINDS = {"week": EventKind.WEEKLY_SUMMARY, "month": EventKind.MONTHLY_SUMMARY}
SEED = {
    "closure": "closure_rate",
    "one_week_closure": "one_week_closure_rate",
    "response_timeliness": "timeliness_rate",
}


def summary_figures(board) -> dict:
    """The headline figures of a dashboard for the message body."""
    figures = {"received": board.received, "open": None, "penalties": None}
    for figure in board.seed:
        if figure.key in SEED and figure.value is not None:
            figures[SEED[figure.key]] = float(figure.value)
    if board.satisfaction is not None and board.satisfaction.value is not None:
        figures["satisfaction_rate"] = float(board.satisfaction.value)
    return {key: value for key, value in figures.items() if value is not None}


def summary(session: Session, period: Period) -> tuple[bytes, dict]:
    """The summary PDF of ``period`` and its headline figures."""
    from panel.reports.pdf import render_pdf

    board = dashboard(session, period)
    penalties = penalty_summary(session, period.start, period.end, None)
    html = render_template(
        "reports/summary_pdf.html", board=board, charts=chart_set(board), penalties=penalties
    )
    return render_pdf(html), summary_figures(board)


def send_summary(session: Session, kind: str, today: date | None = None) -> int | None:
    """Write the summary of the last complete week or month to the outbox (once per period);
    return the event's id, or None when it was written before."""
    period = previous_period(kind, today or clock.today())
    key = f"summary:{period.slug}"
    if session.scalar(select(NotificationEvent.id).filter_by(dedupe_key=key)) is not None:
        session.rollback()
        return None
    with force_locale("zh_Hans_CN"):
        pdf, figures = summary(session, period)
        name = f"投诉{'周报' if kind == 'week' else '月报'}-{period.slug}.pdf"
    session.rollback()  # the PDF took seconds: write in a short transaction of its own
    begin_write(session)
    event = Event(KINDS[kind], key, None, None, {"period": period.label, **figures})
    event_id = emit.record(session, event, attachment=pdf, attachment_name=name)
    session.commit()
    return event_id


def pending_reminder(session: Session, today: date | None = None) -> int | None:
    """Remind the ledger's keepers to review the matters waiting on the customer (monthly)."""
    today = today or clock.today()
    begin_write(session)
    waiting = Complaint.status == Status.PENDING_CUSTOMER
    count = session.scalar(select(func.count(Complaint.id)).where(waiting))
    if not count:
        return None
    oldest = session.scalar(select(func.min(Complaint.paused_at)).where(waiting))
    numbers = session.scalars(
        select(Complaint.number).where(waiting).order_by(Complaint.received_at).limit(20)
    ).all()
    payload = {
        "period": f"{today:%Y-%m}",
        "count": count,
        "oldest_since": oldest.isoformat() if oldest else None,
        "items": list(numbers),
    }
    event = Event(EventKind.PENDING_REVIEW, f"pending_review:{today:%Y-%m}", None, None, payload)
    event_id = emit.record(session, event)
    session.commit()
    return event_id
