"""The worker's tasks and periodic jobs, registered on the app's Huey instance.

Tasks take ids only and read everything else from the database inside an app context of
their own. Every minute the sweep routes events no task routed and sends deliveries that are
due (retries, and rows a killed worker left claimed), and the scan writes the deadline and
escalation events; the summaries go out on Tuesday and on the 2nd at 07:00, the pending-ledger
reminder on the 1st at 09:00 (China time). Run exactly one consumer with periodic jobs; any
number with ``-n`` (no periodic jobs) beside it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import SimpleNamespace

from flask import Flask
from huey.api import Huey
from sqlalchemy.orm import Session

from panel.core import clock
from panel.core.extensions import db
from panel.notifications import delivery, fanout
from panel.notifications.queue import cst, ensure_tables

log = logging.getLogger(__name__)
SWEEP_BATCHES = 100  # the command line sends at most 100 batches of 10 per run
SWEEP_LIMIT = 5000  # the worker queues at most this many due deliveries a minute
DELIVERY_BATCH = 20  # deliveries per task: claimed together, recorded together
EVENT_BATCH = 100  # events per fan-out task


def chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def sweep(session: Session, config, enqueue: Callable[[list[int]], object] | None = None):
    """Route every unrouted event and send every due delivery (retries, and rows a killed
    worker left claimed); return both counts. With ``enqueue`` (the worker) the due
    deliveries become tasks of ``DELIVERY_BATCH``, spread over the worker's threads; without
    it (the command line) they are sent here, ten at a time."""
    unrouted = fanout.unrouted(session)
    due = fanout.fan_out(session, unrouted, config) if unrouted else []
    routed = len(unrouted)
    if enqueue is None:
        sent = 0
        for _ in range(SWEEP_BATCHES):
            outcomes = delivery.send_due(session, config, limit=10)
            if not outcomes:
                break
            sent += len(outcomes)
        return routed, sent
    due = sorted(set(due) | set(delivery.due_ids(session, clock.now(), SWEEP_LIMIT)))
    for chunk in chunks(due, DELIVERY_BATCH):
        enqueue(chunk)
    return routed, len(due)


def register(huey: Huey, app: Flask) -> SimpleNamespace:
    """Define the tasks on ``huey`` for ``app``; return them by name."""
    config = app.config
    started = threading.Event()

    def run(function: Callable, *args):
        with app.app_context():
            try:
                return function(db.session, *args)
            finally:
                db.session.remove()

    @huey.task(name="notifications.fan_out")
    def fan_out(event_ids: list[int]) -> None:
        for chunk in chunks(run(fanout.fan_out, event_ids, config), DELIVERY_BATCH):
            deliver(chunk)

    @huey.task(name="notifications.deliver")
    def deliver(delivery_ids: list[int]) -> None:
        for outcome in run(delivery.send_due, config, delivery_ids):
            if outcome.retry_in is not None:
                delay = outcome.retry_in.total_seconds()
                deliver.schedule(([outcome.delivery_id],), delay=delay)

    @huey.periodic_task(cst(minute="*"), name="notifications.sweep")
    def sweep_due() -> None:
        routed, sent = run(sweep, config, deliver)
        if routed or sent:
            log.info("sweep: %s events routed, %s deliveries tried", routed, sent)

    @huey.periodic_task(cst(minute="*"), name="notifications.scan")
    def scan() -> None:
        from panel.notifications import scans

        run(scans.scan)

    @huey.periodic_task(cst(minute="0", hour="7", day_of_week="2"), name="notifications.weekly")
    def weekly_summary() -> None:
        from panel.notifications import summaries

        run(summaries.send_summary, "week")

    @huey.periodic_task(cst(minute="0", hour="7", day="2"), name="notifications.monthly")
    def monthly_summary() -> None:
        from panel.notifications import summaries

        run(summaries.send_summary, "month")

    @huey.periodic_task(cst(minute="0", hour="9", day="1"), name="notifications.pending")
    def pending_review() -> None:
        from panel.notifications import summaries

        run(summaries.pending_reminder)

    @huey.on_startup(name="notifications.startup")
    def startup() -> None:
        """A (re)started worker looks at the outbox at once instead of at the next minute."""
        ensure_tables(huey, config["NOTIFY_QUEUE_SCHEMA"])
        if not started.is_set():
            started.set()
            sweep_due()

    return SimpleNamespace(
        fan_out=fan_out,
        deliver=deliver,
        sweep=sweep_due,
        scan=scan,
        weekly_summary=weekly_summary,
        monthly_summary=monthly_summary,
        pending_review=pending_review,
    )
