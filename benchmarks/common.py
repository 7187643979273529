"""What the benchmarks share: a database, the panel on it, timing, and a logged-in client."""

from __future__ import annotations

import contextlib
import re
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from throwaway_pg import throwaway_postgres  # noqa: E402


@contextlib.contextmanager
def database(url: str | None, name: str = "panel_bench") -> Iterator[str]:
    """``url`` when given (a database kept between runs), else a throwaway PostgreSQL."""
    if url:
        yield url
    else:
        with throwaway_postgres(name) as throwaway:
            yield throwaway


def panel_app(url: str):
    """The panel on ``url``, migrated, with the demo organisation (people, no complaints)."""
    from flask_migrate import upgrade

    from panel import create_app
    from panel.core.config import TestingConfig
    from panel.demo.loader import load_demo_data

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    app = create_app(config)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        load_demo_data(complaints=0)
    return app


def fill_to(db, wanted: int) -> None:
    """Generated history (``panel.demo.generator.command``) up to ``wanted`` complaints."""
    from sqlalchemy import func, select

    from panel.complaints.models import Complaint
    from panel.demo.generator.command import generate

    have = db.session.scalar(select(func.count()).select_from(Complaint))
    if have < wanted:
        summary = generate(wanted - have, progress=None)
        print(f"generated {summary.rows} in {summary.seconds:.0f} s", flush=True)


def median_ms(function, runs: int) -> float:
    """Median of ``runs`` timed calls, after one untimed call that warms the caches."""
    function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def login(client, username: str) -> None:
    """Log a Flask test client in with a demo account (CSRF token from the login page)."""
    page = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"username": username, "password": "Demo1234", "csrf_token": token}
    )
    assert response.status_code == 302, "login failed"
