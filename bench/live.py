"""What the browser benchmarks share: a seeded database with patient logins, a real ``streamlit run``
server (bench/serve.py's timer), Debian's Chromium at 390 x 844, and readings from /proc.

The server runs in production mode (a fresh cookie and audit key, the production bcrypt cost for
every patient password) so that what is measured is what a clinic runs, not the demo.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess  # nosec B404: our own server with fixed arguments
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench phone: a long pass phrase 2026"
PRODUCTION_ROUNDS = 12  # core/passwords.py's default when BCRYPT_ROUNDS is not set
CORES = sorted(os.sched_getaffinity(0))
BROWSER_CORE, SERVER_CORE = (CORES[0], CORES[-1]) if len(CORES) > 1 else (None, None)


# --- the database -------------------------------------------------------------------------------


def seed_patients(url: str, patients: int, days: int) -> list[str]:
    """A migrated cohort of ``patients`` with ``days`` of history each (db.seed_cohort), each given
    a patient login ``phone-N`` with one production-cost password hash, and nothing saved yet
    today (no check-in, no draft) so that each phone's check-in is today's first. The usernames."""
    import bcrypt
    from sqlalchemy import delete, update
    from sqlmodel import select

    from core.clock import local_today, utcnow
    from core.passwords import _prehash
    from db.engine import write_session
    from db.migrate import upgrade
    from db.models import CheckIn, CheckInDraft, Patient, User
    from db.seed_cohort import seed_cohort

    os.environ["DATABASE_URL"] = url
    upgrade(url)
    seed_cohort(patients=patients, days=days, panels=())
    hashed = bcrypt.hashpw(_prehash(PASSWORD), bcrypt.gensalt(rounds=PRODUCTION_ROUNDS)).decode()
    names = []
    with write_session() as session:
        for n, patient in enumerate(session.exec(select(Patient).order_by(Patient.id)).all()):
            user = User(
                username=f"phone-{n + 1}",
                display_name=patient.given_name,
                roles=["patient"],
                password_hash=hashed,
            )
            session.add(user)
            session.flush()
            session.execute(update(Patient).where(Patient.id == patient.id).values(user_id=user.id))
            today = local_today(patient.timezone, utcnow())
            for table in (CheckIn, CheckInDraft):
                session.execute(
                    delete(table).where(table.patient_id == patient.id, table.local_date == today)
                )
            names.append(user.username)
    return names


@contextlib.contextmanager
def postgres_database(name: str) -> Iterator[tuple[str, int]]:
    """A throwaway PostgreSQL server (fsync on, as in production) pinned to the server's core:
    (the database's URL, the postmaster's pid)."""
    sys.path.insert(0, str(ROOT))
    from tests.utils.postgres import create_database, start_server

    server = start_server(fast=False)
    try:
        postmaster = int((server.data_dir / "postmaster.pid").read_text().split()[0])
        pin_tree(postmaster, SERVER_CORE)
        yield create_database(server.url(), name=name), postmaster
    finally:
        server.stop()


# --- the server ---------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    pid: int
    run_log: Path
    postgres_pid: int | None

    def runs(self, since: float = 0.0) -> list[dict]:
        """The script runs the server timed (bench/serve.py) that ended after ``since``."""
        lines = self.run_log.read_text().splitlines() if self.run_log.exists() else []
        return [run for run in map(json.loads, lines) if run["end"] >= since]

    def cpu_seconds(self) -> float:
        """CPU time of the server process, plus PostgreSQL's processes when it has one."""
        seconds = tree_cpu_seconds(self.pid)
        return seconds + (tree_cpu_seconds(self.postgres_pid) if self.postgres_pid else 0.0)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    database_url: str, script: str = "app.py", postgres_pid: int | None = None
) -> Iterator[Server]:
    """``python -m bench.serve SCRIPT`` on a free port, pinned to the server's core."""
    with tempfile.TemporaryDirectory(prefix="recalibrate-bench-server-") as tmp:
        port, log = free_port(), Path(tmp) / "server.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "RECALIBRATE_ENV": "production",
            "COOKIE_KEY": secrets.token_urlsafe(48),
            "AUDIT_KEY": secrets.token_urlsafe(48),
            "BENCH_RUN_LOG": str(Path(tmp) / "runs.jsonl"),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("BCRYPT_ROUNDS", None)  # the production cost for anything the server hashes
        env.pop("RECALIBRATE_SECRETS_FILE", None)
        pin = ["taskset", "-c", str(SERVER_CORE)] if SERVER_CORE is not None else []
        args = [*pin, sys.executable, "-m", "bench.serve", script, "--server.port", str(port)]
        args += ["--server.address", "127.0.0.1", "--server.headless", "true"]
        with log.open("ab") as out:
            proc = subprocess.Popen(  # nosec B603: fixed arguments
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc, log)
            yield Server(url, proc.pid, Path(env["BENCH_RUN_LOG"]), postgres_pid)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
        with (
            contextlib.suppress(urllib.error.URLError, OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2),  # nosec B310
        ):
            return
        time.sleep(0.2)
    raise RuntimeError(f"the server was not healthy within {timeout:.0f} s")


# --- /proc ----------------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                ppid = int(entry.joinpath("stat").read_text().rsplit(")", 1)[1].split()[1])
                tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        found.append(current := todo.pop())
        todo.extend(tree.get(current, []))
    return found


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and every process below it (those still running)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for each in descendants(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def pin_tree(pid: int, core: int | None) -> None:
    if core is not None:
        pin_threads(descendants(pid), {core})


def pin_threads(pids: list[int], cores: set[int]) -> None:
    """Every thread of ``pids`` onto ``cores`` (a thread's affinity is its own: pinning a running
    multi-threaded process means pinning each of its threads; processes it starts later inherit)."""
    for pid in pids:
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{pid}/task").iterdir():
                with contextlib.suppress(OSError):
                    os.sched_setaffinity(int(task.name), cores)


def pin_browser_side(server: Server) -> None:
    """This process and everything it started (Chromium, Playwright's driver) but the server and
    PostgreSQL onto the browser's core."""
    if BROWSER_CORE is None:
        return
    theirs = set(descendants(server.pid))
    if server.postgres_pid:
        theirs |= set(descendants(server.postgres_pid))
    pin_threads([pid for pid in descendants(os.getpid()) if pid not in theirs], {BROWSER_CORE})


# --- figures --------------------------------------------------------------------------------------


def spread(samples: list[float]) -> str:
    """A median with its min and max: ``123 (101-180)``."""
    if not samples:
        return "n/a"
    return f"{statistics.median(samples):.0f} ({min(samples):.0f}-{max(samples):.0f})"


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def machine_line() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, nproc {os.cpu_count()}, load {load}"
    )
