"""``make scale-demo`` (``python -m tests.utils.scale_demo``): two app replicas behind the shipped
nginx config on one PostgreSQL, driven by real headless-Chromium phones (issue 15).

What it starts, all of it its own and all of it stopped at the end (also on failure or Ctrl-C):

- a throwaway PostgreSQL server (tests/utils/postgres.py, fsync on as in production);
- ``python -m db.migrate`` ONCE, then a small synthetic cohort (db.seed_cohort: patients
  ``phone-N`` and the coordinator ``cohort-coord-1``); the replicas never migrate;
- two replicas, each ``python -m core.serve --port P`` in production mode with
  ``RECALIBRATE_REPLICAS=2`` and the same ``COOKIE_KEY``, ``AUDIT_KEY`` and
  ``STREAMLIT_SERVER_COOKIE_SECRET`` (Streamlit's ``server.cookieSecret``);
- nginx on deploy/nginx/recalibrate.conf (tests/utils/nginx.py: a free port, a self-signed
  certificate from openssl, ``-p TMP -g 'daemon off;'``, never Debian's service), with an access
  log of which replica served each browser's route cookie.

Then tests/utils/scale_phones.py drives the phones and returns what it measured. It prints a
report and, with ``--json PATH``, writes the figures there; exit 0 when every check held, 1 when
one did not (each failure is a line of the report), 2 for mistyped arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import signal
import subprocess  # nosec B404: our own commands with fixed arguments
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATIENTS = 13  # twelve phones at most, and one more patient for the downloads
COORDINATOR = "cohort-coord-1"
START_TIMEOUT_S = 60.0


@dataclass
class Replica:
    port: int
    log: Path
    env: dict[str, str] = field(repr=False)
    proc: subprocess.Popen | None = None
    started: list[float] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.started.append(time.monotonic())
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(  # nosec B603: fixed arguments
                [sys.executable, "-m", "core.serve", "--port", str(self.port)],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip

    def wait_healthy(self) -> float:
        """Seconds from the last start until /_stcore/health answers."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                raise RuntimeError(f"replica {self.port} exited: {self.log.read_text()[-2000:]}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2),  # nosec B310
            ):
                return time.monotonic() - self.started[-1]
            time.sleep(0.1)
        raise RuntimeError(f"replica {self.port} not healthy within {START_TIMEOUT_S:.0f} s")

    def sessions(self) -> int | None:
        """The replica's own count of live browser sessions (Streamlit's metrics, asked on its
        loopback port: nginx never exposes them), or None when it is down."""
        request = urllib.request.Request(
            f"{self.url}/_stcore/metrics?families=active_sessions",
            headers={"Accept": "text/plain"},
        )
        try:
            with urllib.request.urlopen(request, timeout=2) as answer:  # nosec B310
                text = answer.read().decode()
        except OSError:
            return None
        found = re.search(r"(?m)^active_sessions(?:\{[^}]*\})? (\d+)", text)
        return int(found.group(1)) if found else None

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no clean shutdown."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass
class Stack:
    base_url: str
    database_url: str
    replicas: list[Replica]
    access_log: Path
    postgres_pid: int
    nginx_pid_file: Path

    def pids(self) -> list[int]:
        """Every process it runs now: PostgreSQL, the replicas (as restarted), nginx."""
        nginx_pid = int(self.nginx_pid_file.read_text().split()[0])
        return [self.postgres_pid, *(r.proc.pid for r in self.replicas if r.proc), nginx_pid]

    def replica_of_route(self, route: str) -> int | None:
        """The port of the replica nginx last sent this route cookie's requests to."""
        port = None
        with contextlib.suppress(FileNotFoundError):
            for line in self.access_log.read_text().splitlines():
                parts = line.split(" ", 4)
                if len(parts) == 5 and parts[1] == route:
                    addresses = re.findall(r"127\.0\.0\.1:(\d+)", parts[4])
                    if addresses and parts[2] not in ("502", "504"):
                        port = int(addresses[-1])
        return port

    def replica(self, port: int) -> Replica:
        return next(r for r in self.replicas if r.port == port)


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(  # nosec B603: fixed arguments
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stdout[-1000:]}{done.stderr[-2000:]}")


def seed(url: str, keys: dict[str, str]) -> list[str]:
    """The cohort, in this process (the database is migrated already): patient usernames."""
    os.environ.update(DATABASE_URL=url, RECALIBRATE_ENV="test", BCRYPT_ROUNDS="4", **keys)
    from bench.live import seed_patients
    from db.actions import set_my_reminder
    from db.engine import engine_for
    from tests.utils import actor_for

    names = seed_patients(url, PATIENTS, days=14)  # finds the schema current: migrates nothing
    set_my_reminder(actor=actor_for(names[-1]), minute_of_day=8 * 60)  # its .ics to download
    engine_for(url).dispose()
    return names


@contextlib.contextmanager
def stack(tmp: Path) -> Iterator[tuple[Stack, list[str]]]:
    """Everything the demo runs, started in order and stopped in reverse, whatever happens."""
    from tests.utils import nginx
    from tests.utils.postgres import create_database, start_server

    with contextlib.ExitStack() as stop:
        server = start_server(fast=False)
        stop.callback(server.stop)
        url = create_database(server.url(), name="recalibrate")
        keys = {"COOKIE_KEY": secrets.token_urlsafe(48), "AUDIT_KEY": secrets.token_urlsafe(48)}
        env = {
            **os.environ,
            **keys,
            "DATABASE_URL": url,
            "RECALIBRATE_ENV": "production",
            "RECALIBRATE_REPLICAS": "2",
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(48),
            "TRUSTED_PROXIES": "127.0.0.1",
            "RECALIBRATE_SECRETS_FILE": os.devnull,
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("BCRYPT_ROUNDS", None)
        _run([sys.executable, "-m", "db.migrate"], env)  # once, before any replica starts
        names = seed(url, keys)
        replicas = [
            Replica(port, tmp / f"replica-{port}.log", env)
            for port in (nginx.free_port(), nginx.free_port())
        ]
        for replica in replicas:
            stop.callback(replica.stop)
            replica.start()
        for replica in replicas:
            replica.wait_healthy()
        ports = stop.enter_context(nginx.running(tmp, [r.port for r in replicas], access_log=True))
        base = f"https://127.0.0.1:{ports[1]}"
        running = Stack(base, url, replicas, tmp / "access.log", server_pid(server.data_dir),
                        tmp / "nginx.pid")  # fmt: skip
        yield running, names


def server_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().split()[0])


def report_lines(result: dict) -> list[str]:
    lines = [
        f"phones: {result['phones']} (sessions per replica: {result['sessions_per_replica']})",
        f"check-ins shown as saved: {result['saved']}, lost: {result['lost']} (right after the "
        f"save), {result['lost_at_the_end']} (phones' last saves, at the end)",
    ]
    for way in result["kills"]:
        lines.append(
            f"replica {way['killed']} SIGKILLed: {way['phones']} phone(s) moved to "
            f"{way['to']}, back working after {way['recovery_s']} s (max), re-logins "
            f"{way['relogins']}; restarted healthy in {way['restart_s']} s, its phones served "
            f"by it again {way['failback_s']} s after the restart"
        )
    lines.append(
        f"answers put back to the saved ones after a tap, tapped again: {result['taps_put_back']}"
    )
    lines.append(f"downloads through the proxy: {result['downloads']}")
    lines.append(f"login cookie Secure: {result['login_cookie_secure']}, route cookie "
                 f"{result['route_cookie']}")  # fmt: skip
    lines.append(f"wall time: {result['seconds']:.0f} s")
    lines += [f"FAILED: {problem}" for problem in result["problems"]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.utils.scale_demo")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--max-phones", type=int, default=12, choices=range(2, 13))
    parser.add_argument(
        "--min-phones", type=int, default=2, choices=range(2, 13), help="open at least this many"
    )
    args = parser.parse_args(argv)
    from tests.utils import scale_phones

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="recalibrate-scale-") as tmp:
        os.chmod(tmp, 0o755)  # nginx's workers and the postgres user read what is in it
        with stack(Path(tmp)) as (running, names):
            result = scale_phones.drive(
                running, names, args.max_phones, min(args.min_phones, args.max_phones)
            )
            result["pids"] = running.pids()
    result["seconds"] = time.monotonic() - started
    result["still_running"] = [pid for pid in result["pids"] if _alive(pid)]
    if result["still_running"]:
        result["problems"].append(f"processes still running: {result['still_running']}")
    print("\n".join(report_lines(result)))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 1 if result["problems"] else 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


if __name__ == "__main__":
    sys.exit(main())
