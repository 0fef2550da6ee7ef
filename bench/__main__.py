"""`make bench`: how the coordinator's panel scales with the size of the panel.

Builds synthetic cohorts in a temporary SQLite file (real migrations, real queries), times the
panel and flag-queue reads, and prints the figures and the per-patient cost ratio between sizes.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("RECALIBRATE_ENV", "test")
os.environ.setdefault("BCRYPT_ROUNDS", "4")

SIZES = (250, 1000, 4000)
REPEATS = 5


def _time(fn, repeats: int = REPEATS) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    from sqlmodel import select

    from db.access import actor_from_user
    from db.engine import engine_for, read_session, write_session
    from db.migrate import upgrade
    from db.models import User
    from db.queries import flags_for_staff, panel_for_staff
    from db.seed import seed_cohort

    print(
        f"{'patients':>9} {'check-ins':>10} {'panel ms':>9} {'flags ms':>9} {'panel µs/patient':>17}"
    )
    per_patient = {}
    for size in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            os.environ["DATABASE_URL"] = url
            upgrade(url)
            with write_session() as session:
                check_ins = seed_cohort(
                    session, patients=size, days=28, coordinator="bench-coordinator"
                )
            with read_session() as session:
                user = session.exec(select(User).where(User.username == "bench-coordinator")).one()
                actor = actor_from_user(session, user)
            panel_for_staff(actor=actor)  # warm the caches once
            panel = _time(lambda: panel_for_staff(actor=actor))  # noqa: B023
            flags = _time(lambda: flags_for_staff(actor=actor))  # noqa: B023
            per_patient[size] = panel / size
            print(
                f"{size:>9} {check_ins:>10} {panel * 1000:>9.1f} {flags * 1000:>9.1f} {panel / size * 1e6:>17.1f}"
            )
            engine_for(url).dispose()
    first, last = SIZES[0], SIZES[-1]
    print(
        f"per-patient panel cost ratio {last}/{first}: {per_patient[last] / per_patient[first]:.2f} "
        "(about 1.0 = linear; set-based SQL should not grow faster than the panel)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
