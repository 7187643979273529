"""Typed access to the ``setting`` table, with the defaults the panel falls back on."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session, object_session

from panel.organisation.models.setting import Setting

# key -> (type, default). A row in ``setting`` overrides the default.
DEFAULTS: dict[str, tuple[type, object]] = {
    "classification.repeat_window_days": (int, 30),
    "classification.major_amount": (Decimal, Decimal("2000")),
    "classification.collective_people": (int, 5),
    "classification.special_major_amount": (Decimal, Decimal("10000")),
    "classification.special_major_people": (int, 10),
    "classification.special_major_unresolved_days": (int, 60),
    "escalation.demand_amount": (Decimal, Decimal("5000")),
}


# The kind of business, which decides the registration form's vehicle or trip fields.
BUSINESS_KIND = "company.business_kind"
BUSINESS_KINDS = ("dealer", "repair_shop", "taxi", "mixed")
_BUSINESS_KIND_WORDS = {
    "dealer": ("dealer", "4s", "4s店", "4s 店", "经销商"),
    "repair_shop": ("repair_shop", "维修厂", "修理厂", "维修"),
    "taxi": ("taxi", "出租车", "出租车公司", "客运"),
    "mixed": ("mixed", "兼营", "混合"),
}
DEFAULTS[BUSINESS_KIND] = (str, "mixed")

# key -> (label, what it means), shown on the settings page in place of the key. Features
# that declare keys of their own add their labels with :func:`register_labels`.
LABELS: dict[str, tuple[object, object]] = {
    "classification.repeat_window_days": (
        _l("Repeat complaint window (days)"),
        _l(
            "A complaint by the same phone or plate within this many days is a repeat, hence major."
        ),
    ),
    "classification.major_amount": (
        _l("Major complaint: amount claimed from (¥)"),
        _l("A claim of this amount or more makes the complaint major."),
    ),
    "classification.collective_people": (
        _l("Collective complaint: people from"),
        _l("This many complainants or more make a collective, major complaint."),
    ),
    "classification.special_major_amount": (
        _l("Special major complaint: amount claimed over (¥)"),
        _l("A claim over this amount makes the complaint special major."),
    ),
    "classification.special_major_people": (
        _l("Special major complaint: people from"),
        _l("This many complainants or more make the complaint special major."),
    ),
    "classification.special_major_unresolved_days": (
        _l("Special major complaint: unresolved through our fault for (days)"),
        _l("Unresolved this long through our fault (waiting on the customer not counted)."),
    ),
    "escalation.demand_amount": (
        _l("Escalate to senior management: demand over (¥)"),
        _l("Complaints asking more than this go to the senior managers' escalation queue."),
    ),
    BUSINESS_KIND: (
        _l("Kind of business"),
        _l(
            "Decides the registration form's fields: 4S店 or 维修厂 (vehicle and repair "
            "order), 出租车 (the trip), 兼营 (both, chosen per complaint)."
        ),
    ),
    "registration.max_age_days": (
        _l("Received at: at most this many days before registration"),
        _l("Older complaints are imported as history by a manager."),
    ),
    "attachments.max_bytes": (
        _l("Evidence files: largest size (bytes)"),
        _l("10485760 bytes are 10 MB."),
    ),
    "notices.company_name": (_l("Company name"), _l("Printed on every notice.")),
    "notices.company_address": (_l("Company address"), _l("Printed on every notice.")),
    "notices.hotline": (_l("Customer-service hotline"), _l("Printed on every notice.")),
    "notices.regulator_hotlines": (
        _l("Regulator hotlines (one per line)"),
        _l("Printed on the notices to the customer."),
    ),
    "notices.seal_file": (
        _l("Company seal image"),
        _l("Set by uploading the seal under Notice settings."),
    ),
    "penalties.appeal_days": (
        _l("Penalty appeal limit (days)"),
        _l("Staff may appeal a penalty within this many days of the notice."),
    ),
    "penalties.commendation_max_points": (
        _l("Commendation: most points"),
        _l("The most performance points one commendation may add."),
    ),
    "reports.target.response_timeliness": (
        _l("Target: response timeliness"),
        _l("A share: 1 is 100 percent."),
    ),
    "reports.target.closure": (_l("Target: closure rate"), _l("A share: 1 is 100 percent.")),
    "reports.target.one_week_closure": (
        _l("Target: one-week closure rate"),
        _l("A share: 0.80 is 80 percent."),
    ),
    "reports.target.complaint_rate": (
        _l("Target: complaint rate at most"),
        _l("Complaints per vehicle taken in: 0.0015 is 0.15 percent."),
    ),
    "security.login_max_failures": (
        _l("Login: failed attempts before a lock"),
        _l("Per login name within the window."),
    ),
    "security.address_max_failures": (
        _l("Login: failed attempts from one address before a lock"),
        _l("Per network address within the window."),
    ),
    "security.login_window_minutes": (
        _l("Login: counting window (minutes)"),
        _l("Failed attempts within this many minutes count towards a lock."),
    ),
    "security.lockout_minutes": (
        _l("Login: lock duration (minutes)"),
        _l("How long a locked login name or address waits."),
    ),
    "worktime.regulator_reply_days": (
        _l("Reply to regulators (working days)"),
        _l("One regulator a line: its names or hotlines separated by |, =, working days."),
    ),
    "worktime.due_soon_minutes": (
        _l("Due soon: within (working minutes)"),
        _l("A step due within this much working time counts as due soon."),
    ),
    "notifications.due_soon_percent": (
        _l("Notify: step due soon at (percent of its time)"),
        _l("A step whose time is this much used up is announced as due soon."),
    ),
    "notifications.escalation_tier_percents": (
        _l("Escalation tiers at (percent of the escalation time)"),
        _l("Three shares, comma-separated: tiers 1, 2 and 3 are told in turn."),
    ),
    "notifications.tier_of_major": (
        _l("Escalation tier of a major complaint"),
        _l("1 to 3: who is told at once."),
    ),
    "notifications.tier_of_special_major": (
        _l("Escalation tier of a special major complaint"),
        _l("1 to 3: who is told at once."),
    ),
    "notifications.tier_of_media": (
        _l("Escalation tier when media is involved"),
        _l("1 to 3: who is told at once."),
    ),
    "notifications.tier_of_demand": (
        _l("Escalation tier of a demand over the escalation amount"),
        _l("1 to 3: who is told at once."),
    ),
    "public.base_url": (
        _l("Public address of the panel"),
        _l("Used in the links and QR codes printed for customers."),
    ),
    "public.track_address_max": (
        _l("Progress look-up: requests per address"),
        _l("Within the look-up window."),
    ),
    "public.track_number_max_failures": (
        _l("Progress look-up: wrong guesses per complaint number"),
        _l("Within the look-up window."),
    ),
    "public.track_window_minutes": (_l("Progress look-up: window (minutes)"), ""),
    "public.track_lockout_minutes": (_l("Progress look-up: lock duration (minutes)"), ""),
    "public.complain_address_max": (
        _l("Online complaints: per address"),
        _l("Within the online complaint window."),
    ),
    "public.complain_window_minutes": (_l("Online complaints: window (minutes)"), ""),
    "public.survey_address_max_failures": (
        _l("Satisfaction survey: failures per address"),
        _l("Within the progress look-up window."),
    ),
    "public.survey_valid_days": (
        _l("Satisfaction survey: link valid for (days)"),
        "",
    ),
    "survey.dissatisfied_at_most": (
        _l("Satisfaction survey: dissatisfied at this score or lower"),
        _l("A dissatisfied answer reopens the complaint."),
    ),
}


def register_labels(labels: dict[str, tuple[object, object]]) -> None:
    """Let a feature package label its own keys: ``{key: (label, explanation)}``."""
    LABELS.update(labels)


def setting_label(key: str) -> str:
    """The key's label in the current language; the key itself when it has none."""
    label = LABELS.get(key)
    return str(label[0]) if label else key


def setting_explanation(key: str) -> str:
    label = LABELS.get(key)
    return str(label[1]) if label else ""


def business_kind(session: Session) -> str:
    """The company's kind of business (:data:`BUSINESS_KINDS`), from the setting's code or
    its Chinese word; anything else counts as both vehicles and trips."""
    value = str(get_setting(session, BUSINESS_KIND) or "").strip().lower()
    for kind, words in _BUSINESS_KIND_WORDS.items():
        if value in words:
            return kind
    return "mixed"


def register_defaults(defaults: dict[str, tuple[type, object]]) -> None:
    """Let a feature package declare its own keys (e.g. the company details of notices)."""
    DEFAULTS.update(defaults)


# session.info key: every stored setting's value, read once per transaction (a save runs rules
# that read a dozen settings; the identity map keeps no row nobody holds, so each look was a
# query). Kept in step with the session's own changes by the events below.
_VALUES = "panel.settings.values"


def _stored_values(session: Session) -> dict[str, str | None]:
    values = session.info.get(_VALUES)
    if values is None:
        with session.no_autoflush:
            values = dict(session.execute(select(Setting.key, Setting.value)).all())
        values.update((o.key, o.value) for o in session.new if isinstance(o, Setting))
        session.info[_VALUES] = values
    return values


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
@event.listens_for(Session, "persistent_to_deleted")
def forget_cached_settings(session: Session, *_args) -> None:
    """Read the settings afresh at the next look (also after a commit or a rollback)."""
    session.info.pop(_VALUES, None)


@event.listens_for(Session, "transient_to_pending")
def _setting_added(session: Session, instance) -> None:
    if isinstance(instance, Setting) and _VALUES in session.info:
        session.info[_VALUES][instance.key] = instance.value


@event.listens_for(Setting.value, "set")
def _setting_changed(target: Setting, value, _old, _initiator) -> None:
    session = object_session(target)
    if session is not None and _VALUES in session.info:
        session.info[_VALUES][target.key] = value


def get_setting(session: Session, key: str):
    """The value of ``key``, converted to its declared type."""
    kind, default = DEFAULTS[key]
    value = _stored_values(session).get(key)
    if value in (None, ""):
        return default
    return kind(value) if kind is not str else value
