"""`make run`: the panel and its notification worker together, stopped together.

    python scripts/run_panel.py [--host 127.0.0.1] [--port 5000]

Starts ``flask run`` and one ``huey_consumer`` (with the periodic jobs) from this virtual
environment; Ctrl-C stops both, and if either exits the other is stopped too. For production
run them apart (see README, "Notifications").
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="5000")
    args = parser.parse_args()
    env = {**os.environ}
    env.setdefault("NOTIFY_BASE_URL", f"http://{args.host}:{args.port}")
    commands = {
        "panel": [str(BIN / "flask"), "--app", "wsgi", "run", "--host", args.host,
                  "--port", args.port],
        # -m 1: look at a SQLite queue at least every second (PostgreSQL's wakes at once)
        "worker": [str(BIN / "huey_consumer"), "panel.worker.huey", "-w", "2", "-k", "thread",
                   "-m", "1"],
    }  # fmt: skip
    processes = {
        name: subprocess.Popen(command, cwd=ROOT, env=env) for name, command in commands.items()
    }
    print(f"panel http://{args.host}:{args.port} and its worker are running; Ctrl-C stops both")

    def stop(*_args) -> None:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)

    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        while all(process.poll() is None for process in processes.values()):
            time.sleep(0.5)
        code = next(p.returncode for p in processes.values() if p.poll() is not None) or 0
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for process in processes.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
