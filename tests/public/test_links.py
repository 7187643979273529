"""The customer notice carries the progress link and a one-time survey link, with QR codes."""

from __future__ import annotations

import io

from pypdf import PdfReader

from panel.complaints.enums import Status
from panel.core.extensions import db
from panel.notices import settings
from panel.notices.kinds import NoticeKind
from panel.notices.rules import issue_notice, verified_pdf
from panel.organisation.models.setting import Setting
from panel.organisation.models.user import Role
from panel.organisation.settings import get_setting
from panel.public.links import customer_links
from panel.public.models import SurveyInvitation
from tests.fixtures.people import user_of
from tests.fixtures.process import advance


def test_the_customer_notice_prints_both_links(app, make_complaint):
    settings.save_settings(db.session, {settings.COMPANY_NAME: "成都锦程汽车服务有限公司"})
    db.session.add(Setting(key="public.base_url", value="https://kf.example.com"))
    assert get_setting(db.session, "public.base_url") == "https://kf.example.com"
    complaint = advance(make_complaint(), Status.APPROVED)
    with app.test_request_context():
        notice = issue_notice(
            db.session, NoticeKind.CUSTOMER_RESULT, complaint, user_of(Role.CLERK)
        )
        pdf = verified_pdf(db.session, notice)
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"https://kf.example.com/track?n={complaint.number}" in text
    assert "https://kf.example.com/survey/" in text and "评价本次处理" in text
    assert db.session.scalar(db.select(SurveyInvitation).filter_by(complaint_id=complaint.id))


def test_qr_codes_are_inline_svg(make_complaint):
    links = customer_links(db.session, make_complaint(), "token123")
    assert str(links.track_qr).startswith("<svg") and "<script" not in str(links.track_qr)
    assert links.survey_url.endswith("/survey/token123")
