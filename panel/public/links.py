"""Links to the customer pages, for paper and SMS: the progress lookup of a complaint and a
one-time survey link, each with a QR code (``segno``, drawn as inline SVG so that the PDF
renderer loads nothing from outside)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import segno
from flask import current_app, has_request_context, request
from markupsafe import Markup
from sqlalchemy.orm import Session

from panel.complaints.models import Complaint
from panel.organisation.settings import get_setting, register_defaults

register_defaults({"public.base_url": (str, "")})

TRACK_PATH = "/track"
SURVEY_PATH = "/survey/"


@dataclass(frozen=True)
class CustomerLinks:
    """What a notice prints for the customer."""

    track_url: str
    track_qr: Markup
    survey_url: str | None = None
    survey_qr: Markup | None = None


def base_url(session: Session) -> str:
    """The address customers reach the panel at: the setting ``public.base_url`` (e.g.
    ``https://kf.example.com``), else the address of the current request, else (the worker
    writing a text message) the panel's ``NOTIFY_BASE_URL``."""
    configured = (get_setting(session, "public.base_url") or "").strip().rstrip("/")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return (current_app.config.get("NOTIFY_BASE_URL") or "").strip().rstrip("/")


def track_url(session: Session, number: str) -> str:
    return f"{base_url(session)}{TRACK_PATH}?n={quote(number)}"


def survey_url(session: Session, token: str) -> str:
    return f"{base_url(session)}{SURVEY_PATH}{token}"


def qr_svg(url: str, scale: int = 3) -> Markup:
    """The QR code of ``url`` as an inline SVG element (no script, no external reference)."""
    return Markup(segno.make(url, error="m").svg_inline(scale=scale, border=2))


def customer_links(session: Session, complaint: Complaint, survey_token: str | None = None):
    """The progress link of ``complaint`` and, with a token, its survey link, with QR codes."""
    track = track_url(session, complaint.number)
    links = CustomerLinks(track_url=track, track_qr=qr_svg(track))
    if survey_token:
        survey = survey_url(session, survey_token)
        links = CustomerLinks(track, links.track_qr, survey, qr_svg(survey))
    return links


def notice_links(session: Session, complaint: Complaint) -> CustomerLinks:
    """The links the customer notice prints: the progress lookup, and a new survey link."""
    from panel.public.operations import invite

    return customer_links(session, complaint, invite(session, complaint, "notice"))
