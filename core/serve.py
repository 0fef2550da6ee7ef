"""``python -m core.serve [--port N] [--address A] [streamlit options]``: start one app replica.

What every replica (and ``make scale-demo``) starts through, so that a replica that cannot work
never comes up and never passes the load balancer's health check:

1. the settings load (core/settings.py: the cookie key, SMTP, ...) and the audit key is sound;
2. with ``RECALIBRATE_REPLICAS`` > 1 in production the database is not SQLite (one file cannot be
   shared by replicas on several machines) and Streamlit's ``server.cookieSecret`` is set
   (``STREAMLIT_SERVER_COOKIE_SECRET``) and strong, since every replica must sign alike;
3. the database answers and its schema is at the newest migration. A replica NEVER migrates:
   ``python -m db.migrate`` runs once, before the replicas start (docs/deploy.md);
4. then this process becomes ``streamlit run app.py`` (exec: the same pid, for systemd) with the
   flags a replica needs.

Exit codes: 1 with one line saying what is wrong; 2 for mistyped arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from core.audit_keys import load_audit_keys
from core.settings import ROOT, SettingsError, key_problems, load_settings

MAX_REPLICAS = 64
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"


def replica_count(env: Mapping[str, str]) -> int:
    """RECALIBRATE_REPLICAS: how many replicas serve this clinic (default 1)."""
    raw = (env.get("RECALIBRATE_REPLICAS") or "1").strip()
    try:
        count = int(raw)
    except ValueError as exc:
        raise SettingsError(f"RECALIBRATE_REPLICAS must be a whole number, got {raw!r}") from exc
    if not 1 <= count <= MAX_REPLICAS:
        raise SettingsError(f"RECALIBRATE_REPLICAS must be between 1 and {MAX_REPLICAS}")
    return count


def schema_problem(url: str) -> str | None:
    """Why the database at ``url`` cannot be served as it is (unreachable, not migrated, behind
    or ahead of this code's migrations), or None when it is at the newest migration."""
    heads = set(ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini"))).get_heads())
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except sa.exc.SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).strip().splitlines()[0]
        return f"the database cannot be reached: {reason[:200]}"
    finally:
        engine.dispose()
    if not current:
        return "the database has no schema yet: run `python -m db.migrate` once first"
    if current != heads:
        return (
            f"the database is at migration {', '.join(sorted(current))}, this code needs "
            f"{', '.join(sorted(heads))}: run `python -m db.migrate` once (replicas never "
            "migrate), or start the code that matches the database"
        )
    return None


def check(env: Mapping[str, str]) -> list[str]:
    """Everything that stops this replica from starting; empty when it may start."""
    try:
        settings = load_settings(dict(env))
        load_audit_keys(dict(env))
        replicas = replica_count(env)
    except SettingsError as exc:
        return [str(exc)]
    problems = []
    if replicas > 1 and settings.mode == "production":
        if settings.database_url.startswith("sqlite"):
            problems.append(
                f"RECALIBRATE_REPLICAS={replicas} needs PostgreSQL: replicas cannot share a "
                "SQLite file (set DATABASE_URL=postgresql+psycopg://...)"
            )
        secret = env.get(COOKIE_SECRET_ENV) or ""
        if weak := key_problems(secret):
            problems.append(
                f"{COOKIE_SECRET_ENV} (Streamlit's server.cookieSecret, the same on every "
                f"replica) {'; '.join(weak)}"
            )
    if problems:
        return problems
    if problem := schema_problem(settings.database_url):
        problems.append(problem)
    return problems


def streamlit_command(port: int, address: str, extra: Sequence[str]) -> list[str]:
    """The ``streamlit run`` a replica becomes (the rest of its options: .streamlit/config.toml)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", address,
        "--server.headless", "true", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false", *extra,
    ]  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m core.serve", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8501))
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--check", action="store_true", help="check only; do not start")
    args, extra = parser.parse_known_args(argv)
    problems = check(os.environ)
    for problem in problems:
        print(f"core.serve: not starting: {problem}", file=sys.stderr)
    if problems:
        return 1
    if args.check:
        print("core.serve: settings and schema are fine")
        return 0
    command = streamlit_command(args.port, args.address, extra)
    os.chdir(ROOT)
    os.execv(command[0], command)  # nosec B606: our own interpreter, fixed arguments
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
