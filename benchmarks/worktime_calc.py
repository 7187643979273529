"""Time ``due_at`` across the National Day holiday of 2026 (pure Python, no database).

    .venv/bin/python benchmarks/worktime_calc.py [--runs 1000]

Calendar: 2025–2027 official days (chinesecalendar, holidays), 08:30–17:30 Mon–Fri with a lunch
break 12:00–13:30. Each start in the week before National Day (in and out of business hours,
weekend, make-up Sunday) is timed ``--runs`` times with limits of 2 h, 24 h, 72 h and 30 h,
after one warm-up call (the calendar's year tables are built once, on first use).

Target: median ≤ 200 µs. The last line is ``due_us=<median µs per call>``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from panel.worktime.rules import due_at  # noqa: E402
from panel.worktime.sources import china_calendar  # noqa: E402

STARTS = [
    datetime(2026, 9, 28, 9, 15),
    datetime(2026, 9, 29, 12, 40),  # lunch break
    datetime(2026, 9, 30, 17, 0),
    datetime(2026, 9, 30, 21, 5),  # evening before the holiday
    datetime(2026, 10, 1, 10, 0),  # holiday
    datetime(2026, 10, 4, 23, 59),
    datetime(2026, 9, 20, 11, 0),  # make-up Sunday
    datetime(2026, 9, 26, 10, 0),  # weekend inside Mid-autumn
]
LIMITS = [timedelta(hours=2), timedelta(hours=24), timedelta(hours=72), timedelta(hours=30)]


def measure(runs: int, calendar=None) -> list[float]:
    """Microseconds per ``due_at`` call, every start and limit ``runs`` times, sorted
    (``benchmarks/deadlines.py`` reuses it)."""
    if calendar is None:
        calendar = china_calendar(
            [2025, 2026, 2027], lunch={weekday: ("12:00", "13:30") for weekday in range(5)}
        )
    samples: list[float] = []
    for start in STARTS:
        for limit in LIMITS:
            due = due_at(start, limit, calendar)  # warm-up
            print(f"{start:%Y-%m-%d %a %H:%M} + {limit} -> {due:%Y-%m-%d %a %H:%M}")
            for _ in range(runs):
                began = time.perf_counter_ns()
                due_at(start, limit, calendar)
                samples.append((time.perf_counter_ns() - began) / 1000)
    samples.sort()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()

    samples = measure(args.runs)
    print(f"calls={len(samples)} p90_us={samples[int(len(samples) * 0.9)]:.1f}")
    print(f"due_us={statistics.median(samples):.1f}")


if __name__ == "__main__":
    main()
