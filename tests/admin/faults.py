"""Real servers to break in fault tests: a PostgreSQL cluster of the test's own (stopped and
started with pg_ctl, so the suite's shared server is never touched), gunicorn serving the panel
on it, and a browser that speaks plain HTTP to it."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from throwaway_pg import _bin_dir, _free_port, _runner  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Cluster:
    """A private PostgreSQL cluster in a temporary folder."""

    def __init__(self, database: str = "panel_fault") -> None:
        self.bin = _bin_dir()
        self.root = tempfile.mkdtemp(prefix="panel-fault-pg-")
        self.data = os.path.join(self.root, "data")
        self.port = _free_port()
        self.run_as = _runner()
        if self.run_as:
            shutil.chown(self.root, "postgres", "postgres")
        self.database = database
        self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync")  # fmt: skip
        self.start()
        self._run("createdb", "-h", self.root, "-p", str(self.port), "-U", "postgres", database)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, program: str, *args: str) -> None:
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        subprocess.run(
            [*self.run_as, f"{self.bin}/{program}", *args],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def _ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.root, "log"), *args)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        self._ctl("-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class Gunicorn:
    """The panel under gunicorn (sync workers) in production mode on ``url``."""

    def __init__(self, url: str, workers: int = 3) -> None:
        self.port = _free_port()
        self.instance = tempfile.mkdtemp(prefix="panel-fault-app-")
        env = {
            **os.environ,
            "PANEL_ENV": "production",
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_hex(32),
            "PANEL_INSTANCE_PATH": self.instance,
        }
        env.pop("FLASK_DEBUG", None)
        self.log = open(Path(self.instance) / "gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "30", "--graceful-timeout", "2",
             "wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.wait_ready()

    def wait_ready(self, seconds: float = 40) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.log_text()[-2000:]}")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:
                connection.request("GET", "/login")
                if connection.getresponse().status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            finally:
                connection.close()
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer")

    def workers(self) -> list[int]:
        """The worker processes (children of the gunicorn master)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    found.append(int(stat.parent.name))
        return found

    def worker_with_local_port(self, port: int) -> int | None:
        """The worker whose socket (to the database) has local ``port``."""
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(FileNotFoundError):
                for line in Path(table).read_text().splitlines()[1:]:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(fields[9])
        for pid in self.workers():
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:[") and target[8:-1] in inodes:
                        return pid
        return None

    def log_text(self) -> str:
        self.log.flush()
        return (Path(self.instance) / "gunicorn.log").read_text(errors="replace")

    def close(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.instance, ignore_errors=True)


class Browser:
    """One user's cookies over HTTP (a new connection per request: gunicorn's sync workers
    close it after each answer)."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict | list | None = None, timeout=20):
        """(status, text, location); status 0 when no answer came at all."""
        body = urlencode(form, doseq=True) if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            return 0, "", ""
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, response.getheader("Location") or ""

    def login(self, username: str, password: str = "Demo1234") -> None:
        _, page, _ = self.request("GET", "/login")
        form = {"username": username, "password": password, "csrf_token": token(page)}
        status, _, _ = self.request("POST", "/login", form)
        assert status == 302, f"login as {username}: HTTP {status}"


def token(html: str) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""
