"""A throwaway PostgreSQL server in a temporary directory, for tests and benchmarks.

    with throwaway_postgres() as url: ...      # postgresql+psycopg://... on a free port

As root, the server runs as the ``postgres`` system user (initdb refuses root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator


def _bin_dir() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return os.path.dirname(found[0])
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(initdb)
    raise RuntimeError("PostgreSQL server binaries not found; run `make system-deps`")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _runner() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


@contextlib.contextmanager
def throwaway_postgres(database: str = "panel_test") -> Iterator[str]:
    """Start a private PostgreSQL cluster, yield its SQLAlchemy URL, remove it afterwards."""
    bin_dir = _bin_dir()
    root = tempfile.mkdtemp(prefix="panel-pg-")
    data = os.path.join(root, "data")
    port = _free_port()
    run_as = _runner()
    if run_as:
        shutil.chown(root, "postgres", "postgres")
    env = {**os.environ, "LC_ALL": "C.UTF-8"}

    def run(*args: str) -> None:
        subprocess.run(
            [*run_as, *args], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    try:
        run(
            f"{bin_dir}/initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
            "-c shared_buffers=256MB"
        )
        run(
            f"{bin_dir}/pg_ctl",
            "-D",
            data,
            "-o",
            options,
            "-l",
            os.path.join(root, "log"),
            "-w",
            "start",
        )
        run(f"{bin_dir}/createdb", "-h", root, "-p", str(port), "-U", "postgres", database)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            run(f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":  # manual use: print a URL and wait
    import signal

    with throwaway_postgres() as url:
        print(url, flush=True)
        signal.pause()
