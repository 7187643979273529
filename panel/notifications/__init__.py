"""Staff notifications: events into an outbox, routed by a table, delivered by a worker.

The message texts (:mod:`.texts`) and the channels (:mod:`.channels`) are pure code: the
worker renders a text, builds a :class:`Message` and hands it to a channel, which raises
:class:`DeliveryError` on failure, telling the worker whether a retry may help. Around them:
the outbox and routing tables (:mod:`.models`), the flush-time hook that writes events
(:mod:`.emit`, :mod:`.rules`), the task queue (:mod:`.queue`, :mod:`.tasks`: Huey), fan-out and
delivery (:mod:`.fanout`, :mod:`.delivery`), the periodic scans and summaries, and the pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from panel.notifications.message import Attachment, DeliveryError, Message

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin

__all__ = ["Attachment", "DeliveryError", "Message", "init_app"]


def init_app(app: Flask, admin: Admin) -> None:
    """Settings, the session hooks, the task queue and its tasks, the bell and the pages."""
    from flask_babel import lazy_gettext as _l

    from panel.core.extensions import db
    from panel.notifications import bell, config, emit, models, queue, scans, tasks
    from panel.notifications.admin import CATEGORY, AddressView, DeliveryView, InboxView, RouteView
    from panel.notifications.cli import notifications_group

    assert scans  # its settings keys register
    config.load(app)
    emit.install()
    huey = queue.create_huey(app)
    app.extensions["huey"] = huey
    app.extensions["notifications.tasks"] = tasks.register(huey, app)
    bell.init_app(app)
    admin.add_view(
        InboxView(name=_l("My notifications"), endpoint="inbox", url="inbox", category=CATEGORY)
    )
    admin.add_view(
        RouteView(
            models.NotificationRoute,
            db,
            name=_l("Routing table"),
            endpoint="notification_route",
            category=CATEGORY,
        )
    )
    admin.add_view(
        DeliveryView(
            models.NotificationDelivery,
            db,
            name=_l("Deliveries"),
            endpoint="notification_delivery",
            category=CATEGORY,
        )
    )
    admin.add_view(
        AddressView(
            models.NotificationAddress,
            db,
            name=_l("Addresses"),
            endpoint="notification_address",
            category=CATEGORY,
        )
    )
    app.cli.add_command(notifications_group)
