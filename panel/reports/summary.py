"""The weekly and monthly summaries for the general manager, as PDF (001: 周报、月报).

The weekly one goes out on Tuesday for the week before (Monday to Sunday), the monthly one on
the 2nd for the month before; any period can be printed on demand from the dashboard.
"""

from __future__ import annotations

from datetime import datetime

from flask import render_template
from sqlalchemy.orm import Session

from panel.reports import charts
from panel.reports.figures import Dashboard, dashboard
from panel.reports.penalties import penalty_summary
from panel.reports.periods import Period


def chart_set(board: Dashboard) -> dict:
    """The dashboard's charts, shared by the page and the PDF."""
    from flask_babel import gettext as _

    week = next((f for f in board.seed if f.key == "one_week_closure"), None)
    months = []
    for row in board.trend:
        valid = row.received - row.invalid
        decided = valid - row.undecided
        rate = row.within_week / decided if decided else None
        months.append((f"{row.month[0]}-{row.month[1]:02d}", valid, rate))
    return {
        "trend": charts.trend_chart(
            months,
            _("Valid complaints per month and one-week closure rate"),
            target=float(week.target) if week and week.target is not None else None,
        ),
        "channel": charts.bar_chart(board.by_channel, _("By channel")),
        "category": charts.bar_chart(board.by_category, _("By category")),
        "severity": charts.bar_chart(board.by_severity, _("By severity")),
        "department": charts.bar_chart(board.by_department, _("By department")),
        "staff": charts.bar_chart(board.by_staff, _("Most complained-about staff")),
    }


def summary_html(
    session: Session,
    period: Period,
    department_id: int | None = None,
    as_of: datetime | None = None,
) -> str:
    """The summary page of ``period`` as self-contained HTML (fonts named, SVG inline)."""
    board = dashboard(session, period, department_id, as_of)
    penalties = penalty_summary(session, period.start, period.end, department_id)
    return render_template(
        "reports/summary_pdf.html", board=board, charts=chart_set(board), penalties=penalties
    )


def summary_pdf(
    session: Session,
    period: Period,
    department_id: int | None = None,
    as_of: datetime | None = None,
) -> bytes:
    """The summary of ``period`` as a PDF."""
    from panel.reports.pdf import render_pdf

    return render_pdf(summary_html(session, period, department_id, as_of))
