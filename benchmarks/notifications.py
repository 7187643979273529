"""Notifications under load: 10,000 events through the outbox and the real worker to a local
企业微信 webhook receiver; and what the outbox hook adds to registering a complaint.

    .venv/bin/python benchmarks/notifications.py [--events 10000] [--workers 2] [--threads 8]
                                                 [--url postgresql+psycopg://…] [--sqlite]

Builds a throwaway PostgreSQL (or a scratch SQLite file with ``--sqlite``; ``--url`` for a
database of your own), migrated, with the demo organisation and one routing line (the monthly
pending-ledger reminder → the 企业微信 group). Then:

- ``register_ms``: the median time to register a general complaint (ORM, flush-time rules,
  commit), with the notification hook on and off (``emit.muted()``), interleaved in one process,
  and the same for an urgent complaint (which writes two events and queues them);
- the load: ``--events`` outbox events committed in batches of 500 (each commit queues its
  events), delivered by ``--workers`` ``huey_consumer`` processes (one with the periodic jobs,
  the others ``-n``) of ``--threads`` threads each to a local receiver that answers at once.
  ``delivered`` counts delivery rows marked delivered, ``lost`` the events the receiver never
  saw, ``duplicated`` the idempotency keys it got more than once; ``seconds`` runs from the
  first commit to the last delivery recorded.

Targets: 0 lost, 0 duplicated, ≥ 200 deliveries a second; registration at most 2 ms slower
(median). The last line is ``delivered=.. lost=.. duplicated=.. seconds=.. per_s=..``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from common import ROOT, database  # noqa: F401  (puts the panel on sys.path)

sys.path.insert(0, str(ROOT))
from tests.notifications._worker import receiver, worker  # noqa: E402

BATCH = 500


def settings_for(url: str, folder: Path, webhook: str) -> dict[str, str]:
    sqlite = url.startswith("sqlite")
    return {
        "PANEL_ENV": "testing",
        "TEST_DATABASE_URL": url,
        "PANEL_INSTANCE_PATH": str(folder / "instance"),
        "NOTIFY_QUEUE": f"sqlite:{folder / 'queue.db'}" if sqlite else "postgres",
        "NOTIFY_QUEUE_NAME": f"bench-{uuid.uuid4().hex[:6]}",
        "NOTIFY_WECOM_WEBHOOK": webhook,
    }


def make_app(settings: dict[str, str]):
    from flask_migrate import upgrade

    from panel import create_app
    from panel.core.config import TestingConfig
    from panel.demo.loader import load_demo_data

    os.environ["PANEL_INSTANCE_PATH"] = settings["PANEL_INSTANCE_PATH"]
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = settings["TEST_DATABASE_URL"]
    for key, value in settings.items():
        if key.startswith("NOTIFY_"):
            setattr(config, key, value)
    app = create_app(config)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        load_demo_data(complaints=0)
    return app


def registration_ms(app, runs: int) -> dict[str, float]:
    """Median registration times with the hook on and off, general and urgent complaints."""
    from sqlalchemy import select

    from panel.complaints.models import Complaint
    from panel.core.actor import acting_as
    from panel.core.extensions import db
    from panel.notifications.emit import muted
    from panel.organisation.models.user import User

    samples: dict[str, list[float]] = {}
    with app.app_context():
        clerk = db.session.scalar(select(User).filter_by(username="clerk"))

        def register(urgent: bool) -> float:
            started = time.perf_counter()
            with acting_as(clerk):
                db.session.add(
                    Complaint(
                        channel="hotline",
                        complainant_name="计时",
                        content="保养后异响" if not urgent else "行驶中冒烟",
                        category="repair_quality",
                        flag_safety=urgent,
                    )
                )
                db.session.commit()
            return (time.perf_counter() - started) * 1000

        for index in range(runs + 5):
            for urgent in (False, True):
                for hooked in (True, False):
                    with contextlib.nullcontext() if hooked else muted():
                        took = register(urgent)
                    if index >= 5:  # the first few warm the caches
                        name = f"{'urgent' if urgent else 'general'}_{'on' if hooked else 'off'}"
                        samples.setdefault(name, []).append(took)
        db.session.remove()
    return {name: statistics.median(values) for name, values in samples.items()}


def load(app, settings, group, events: int, workers: int, threads: int) -> dict[str, float]:
    from sqlalchemy import delete, func, select

    from panel.core.extensions import db
    from panel.notifications import emit
    from panel.notifications.enums import Channel, DeliveryStatus, EventKind
    from panel.notifications.models import NotificationDelivery, NotificationRoute
    from panel.notifications.rules import Event

    with app.app_context():
        db.session.execute(delete(NotificationRoute))
        db.session.add(NotificationRoute(event=EventKind.PENDING_REVIEW, channel=Channel.WECOM))
        db.session.commit()
    options = ["-w", str(threads)]
    with contextlib.ExitStack() as stack:
        for number in range(workers):
            stack.enter_context(worker(settings, *options, *(["-n"] if number else [])))
        time.sleep(8)  # the consumers start (each creates the app)
        delivered = select(func.count(NotificationDelivery.id)).where(
            NotificationDelivery.status == DeliveryStatus.DELIVERED
        )
        with app.app_context():
            started = time.perf_counter()
            for first in range(0, events, BATCH):
                for index in range(first, min(first + BATCH, events)):
                    payload = {"period": f"压测 {index}", "count": 1}
                    event = Event(EventKind.PENDING_REVIEW, f"bench:{index}", payload=payload)
                    emit.record(db.session, event)
                db.session.commit()  # queues this batch's events
            done = 0
            deadline = time.monotonic() + 600
            while done < events and time.monotonic() < deadline:
                time.sleep(0.2)
                done = db.session.scalar(delivered)
                db.session.rollback()
            seconds = time.perf_counter() - started
            db.session.remove()
    received = Counter(group.keys())
    return {
        "delivered": done,
        "lost": events - len(received),
        "duplicated": sum(1 for count in received.values() if count > 1),
        "seconds": seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--runs", type=int, default=200, help="registrations timed per case")
    parser.add_argument("--url", help="a database of your own instead of a throwaway one")
    parser.add_argument("--sqlite", action="store_true", help="a scratch SQLite file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    with receiver() as group, contextlib.ExitStack() as stack:
        if args.sqlite:
            url = f"sqlite:///{folder / 'panel.sqlite'}"
        else:
            url = stack.enter_context(database(args.url, "panel_bench_notify"))
        settings = settings_for(url, folder, group.url)
        app = make_app(settings)
        timings = registration_ms(app, args.runs)
        for case in ("general", "urgent"):
            on, off = timings[f"{case}_on"], timings[f"{case}_off"]
            print(f"register_{case}_ms hook_on={on:.2f} hook_off={off:.2f} added={on - off:.2f}")
        result = load(app, settings, group, args.events, args.workers, args.threads)
        per_s = result["delivered"] / result["seconds"]
        print(
            f"delivered={result['delivered']} lost={result['lost']} "
            f"duplicated={result['duplicated']} seconds={result['seconds']:.1f} per_s={per_s:.0f}",
            flush=True,
        )
    return 0 if result["lost"] == 0 and result["duplicated"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
