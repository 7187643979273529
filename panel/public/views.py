"""The customer pages, without login: ``/track`` (progress lookup), ``/complain`` (the web and
WeChat complaint form) and ``/survey/<token>`` (the one-time satisfaction survey)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_admin.form import SecureForm
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, load_only, selectinload

from panel.access.roles import SURVEY_SENDERS
from panel.access.system import PORTAL, system_user
from panel.complaints import attachments
from panel.complaints.enums import Channel, Status
from panel.complaints.history import ComplaintTransition
from panel.complaints.models import Complaint
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.public import operations
from panel.public.forms import ComplainForm, SurveyForm, TrackForm, new_challenge
from panel.public.rules import progress_of
from panel.security.journal import client_address

bp = Blueprint(
    "public",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/public/static",
)
TRACKED = "public_tracked"
FILED = "public_filed"


def _locked_message(until) -> str:
    return _(
        "Too many lookups; please try again after %(time)s.",
        time=format_datetime(until, "HH:mm"),
    )


def _load(complaint_id: int) -> Complaint:
    """The complaint with only what :func:`progress_of` shows (a complaint row is wide)."""
    C, T = Complaint, ComplaintTransition
    return db.session.scalar(
        db.select(C)
        .where(C.id == complaint_id)
        .options(
            load_only(C.number, C.received_at, C.status, C.reply_content, C.resolve_due_at),
            selectinload(C.transitions).load_only(T.at, T.to_status),
            joinedload(C.responsible_department).load_only(Department.name),
            joinedload(C.complained_department).load_only(Department.name),
        )
    )


@bp.route("/track", methods=["GET", "POST"])
def track():
    form = TrackForm(request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.number.data = request.args.get("n", "")[:30]
        return render_template("public/track.html", form=form, progress=None)
    if not form.validate():
        return render_template("public/track.html", form=form, progress=None), 400
    found = operations.look_up(db.session, form.number.data, form.tail.data, client_address())
    db.session.commit()  # the lookup is counted and audited whatever follows
    if found.locked_until is not None:
        message = _locked_message(found.locked_until)
        return render_template("public/track.html", form=form, message=message), 429
    if found.complaint_id is None:
        message = _("No complaint matches this number and these digits; check both and try again.")
        return render_template("public/track.html", form=form, message=message)
    session[TRACKED] = found.complaint_id
    progress = progress_of(_load(found.complaint_id))
    return render_template("public/track.html", form=form, progress=progress)


@bp.post("/track/survey")
def track_survey():
    """The customer who just looked up a replied complaint opens its survey."""
    form = SecureForm(request.form)
    complaint_id = session.get(TRACKED)
    complaint = db.session.get(Complaint, complaint_id) if complaint_id else None
    if not form.validate() or complaint is None or complaint.status is not Status.REPLIED:
        return redirect(url_for(".track"))
    token = operations.invite(db.session, complaint, "track")
    db.session.commit()
    return redirect(url_for(".survey", token=token))


def _channel() -> Channel:
    via = (request.values.get("via") or "").lower()
    agent = request.headers.get("User-Agent", "")
    return Channel.WECHAT if via == "wechat" or "MicroMessenger" in agent else Channel.WEBSITE


@bp.route("/complain", methods=["GET", "POST"])
def complain():
    form = ComplainForm(request.form if request.method == "POST" else None)
    status, message = 200, None
    if request.method == "POST" and form.validate():
        status, message = _file(form)
        if status == 302:
            return redirect(url_for(".complain_done"))
    elif request.method == "POST":
        status = 400
    form.via.data = "wechat" if _channel() is Channel.WECHAT else "web"
    form.answer.data = ""
    question = new_challenge()
    return render_template(
        "public/complain.html", form=form, question=question, message=message
    ), status


def _file(form: ComplainForm) -> tuple[int, str | None]:
    address = client_address()
    until = operations.complain_allowed(db.session, address)
    if until is not None:
        return 429, _(
            "Too many complaints from this network; please try again after %(time)s or call us.",
            time=format_datetime(until, "HH:mm"),
        )
    upload = request.files.get("photo")
    photo = None
    if upload is not None and upload.filename:
        limit = attachments.get_setting(db.session, "attachments.max_bytes")
        photo = (upload.filename, attachments.read_limited(upload.stream, limit))
    facts = {
        "complainant_name": form.complainant_name.data.strip(),
        "complainant_phone": form.complainant_phone.data,
        "plate_number": form.plate_number.data or None,
        "content": form.content.data.strip(),
        "customer_demand": (form.customer_demand.data or "").strip() or None,
    }
    try:
        actor = system_user(db.session, PORTAL)
        complaint = operations.file_complaint(db.session, facts, _channel(), actor, address, photo)
        db.session.commit()
    except RuleError as exc:
        db.session.rollback()
        return 400, exc.message
    session[FILED] = complaint.number
    return 302, None


@bp.get("/complain/done")
def complain_done():
    number = session.get(FILED)
    if not number:
        return redirect(url_for(".complain"))
    return render_template("public/complain_done.html", number=number)


def _survey_actor():
    """The callback clerk filling in the customer's answers, or the self-service account."""
    if current_user.is_authenticated and current_user.role in SURVEY_SENDERS:
        return current_user._get_current_object(), "callback"
    return system_user(db.session, PORTAL), "link"


@bp.route("/survey/<token>", methods=["GET", "POST"])
def survey(token: str):
    try:
        invitation = operations.invitation_for(db.session, token, client_address())
    except RuleError as exc:
        return render_template("public/message.html", message=exc.message), 429
    if invitation is None:
        message = _("This survey link is not valid or was used already. Thank you!")
        return render_template("public/message.html", message=message), 404
    form = SurveyForm(request.form if request.method == "POST" else None)
    number = invitation.complaint.number
    if request.method == "POST" and form.validate():
        actor, via = _survey_actor()
        try:
            response = operations.answer_survey(
                db.session, invitation, form.ratings(), form.comment.data, actor, via
            )
            db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            return render_template("public/message.html", message=exc.message), 409
        return render_template("public/survey_done.html", satisfied=response.satisfied)
    status = 400 if request.method == "POST" else 200
    return render_template("public/survey.html", form=form, number=number), status
