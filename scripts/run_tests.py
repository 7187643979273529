"""`make test`: lint, then the whole suite on SQLite and on PostgreSQL.

PostgreSQL comes from TEST_POSTGRES_URL (postgresql+psycopg://...) or, when that is not set,
from a throwaway server started here and removed afterwards. Prints how many tests ran on
each database and exits non-zero on any failure.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from throwaway_pg import throwaway_postgres  # noqa: E402

RESULTS = ROOT / "test-results"


def run_suite(name: str, url: str, extra: list[str]) -> dict[str, int]:
    report = RESULTS / f"{name}.xml"
    env = {**os.environ, "TEST_DATABASE_URL": url, "PANEL_ENV": "testing"}
    command = [sys.executable, "-m", "pytest", f"--junitxml={report}", *extra]
    print(f"\n=== {name}: {' '.join(command[2:])}", flush=True)
    code = subprocess.run(command, cwd=ROOT, env=env).returncode
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0, "exit": code}
    if report.exists():
        suite = ET.parse(report).getroot()
        suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
        for key in ("tests", "failures", "errors", "skipped"):
            counts[key] = int(suite.get(key, 0))
    return counts


@contextlib.contextmanager
def postgres_url():
    given = os.environ.get("TEST_POSTGRES_URL")
    if given:
        yield given
    else:
        with throwaway_postgres() as url:
            yield url


def main() -> int:
    RESULTS.mkdir(exist_ok=True)
    extra = sys.argv[1:]
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--quiet", "."], cwd=ROOT)
    summary = {"SQLite": run_suite("sqlite", "sqlite://", extra)}
    with postgres_url() as url:
        summary["PostgreSQL"] = run_suite("postgresql", url, extra)

    print("\n=== Summary")
    failed = lint.returncode != 0
    if failed:
        print("ruff: lint errors (see above)")
    for name, c in summary.items():
        ran = c["tests"] - c["skipped"]
        print(
            f"{name}: {ran} tests ran ({c['tests']} collected, {c['skipped']} skipped), "
            f"{c['failures']} failed, {c['errors']} errors"
        )
        if c["exit"] != 0 or c["failures"] or c["errors"] or ran == 0:
            failed = True
    print("FAILED" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
