"""`make test`: lint, then the whole suite on SQLite and on PostgreSQL, the two side by side.

PostgreSQL comes from TEST_POSTGRES_URL (postgresql+psycopg://...) or, when that is not set,
from a throwaway server started here and removed afterwards. Prints how many tests ran on
each database and exits non-zero on any failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from throwaway_pg import throwaway_postgres  # noqa: E402

RESULTS = ROOT / "test-results"


def start_suite(name: str, url: str, extra: list[str]) -> subprocess.Popen:
    """Start one pass of the suite; its output goes to test-results/<name>.log."""
    report = RESULTS / f"{name}.xml"
    report.unlink(missing_ok=True)
    instance = RESULTS / f"{name}-instance"  # files the tests upload or render
    shutil.rmtree(instance, ignore_errors=True)
    env = {
        **os.environ,
        "TEST_DATABASE_URL": url,
        "PANEL_ENV": "testing",
        "PANEL_INSTANCE_PATH": str(instance),
    }
    command = [sys.executable, "-m", "pytest", f"--junitxml={report}", *extra]
    log = (RESULTS / f"{name}.log").open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def finish_suite(name: str, process: subprocess.Popen) -> dict[str, int]:
    """Wait for a pass, print its output, read its counts from the JUnit report."""
    code = process.wait()
    report = RESULTS / f"{name}.xml"
    print(f"\n=== {name}", flush=True)
    print((RESULTS / f"{name}.log").read_text(), flush=True)
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
    # The two passes run side by side (one per core); each prints when it is done.
    with postgres_url() as url:
        sqlite_pass = start_suite("sqlite", "sqlite://", extra)
        postgres_pass = start_suite("postgresql", url, extra)
        summary = {
            "SQLite": finish_suite("sqlite", sqlite_pass),
            "PostgreSQL": finish_suite("postgresql", postgres_pass),
        }

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
