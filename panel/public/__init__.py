"""The customer-facing pages, without login: progress lookup (``/track``), the web and WeChat
complaint form (``/complain``) and the one-time satisfaction survey (``/survey/<token>``);
the links and QR codes printed on the customer notice (:mod:`panel.public.links`).

Mobile-first pages of their own (they do not extend the admin's layout); rate limits in the
database (:mod:`panel.public.limits`); every lookup in the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

if TYPE_CHECKING:
    from flask_admin import Admin


def init_app(app: Flask, admin: Admin) -> None:
    """The customer blueprint, the audit actions it writes and its command."""
    from flask_babel import lazy_gettext as _l

    from panel.core.audit.admin import ACTION_LABELS
    from panel.public import cli, views

    app.register_blueprint(views.bp)
    ACTION_LABELS.setdefault("lookup", _l("Progress looked up by the customer"))
    ACTION_LABELS.setdefault("lookup_refused", _l("Progress lookup refused (too many)"))
    app.cli.add_command(cli.prune_rate_events)
