"""Working time of a Chinese working calendar: due times that skip nights, weekends and
statutory holidays and count 调休 make-up workdays.

The engine (``calendar``, ``rules``, ``sources``) is pure Python. The feature around it: the
calendar as data (``models``, ``store``), the SLA rows' limits in working or clock time
(``policies``), the clocks of a complaint and its pauses on the customer (``clocks``, called by
``panel.complaints.rules.deadlines``), flush-time rules (``hooks``), the queues that need working
time (``queues``), the administrator's pages (``admin``) and ``flask calendar`` (``cli``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin


def init_app(app: Flask, admin: Admin) -> None:
    """The calendar pages, the pending-ledger review pages, ``flask calendar`` and the
    flush-time rules of working time."""
    from panel.worktime import admin as views
    from panel.worktime import cli, hooks

    hooks.install()
    views.add_views(app, admin)
    app.cli.add_command(cli.calendar_group)
