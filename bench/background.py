"""The loop part (item 7) in a second process, beside the slow-network part (item 6).

Neither needs the machine to itself: the network part's wall time is almost all simulated
latency and bandwidth (DevTools throttling; its Chromium idles between round trips), and the
loop's figures are days (is a flag in the queue on the day the criterion is met?) and an e-mail
delivery time whose goal is a minute, against seconds measured. Run one after the other they
cost ~3 min more of a ``make bench`` that must fit in 15. The loop is pinned to the browser's
core (the network part's server has the other); ``--serial`` runs them one after the other.
"""

from __future__ import annotations

import os
import subprocess  # nosec B404: our own bench, fixed arguments
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import live, summary

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Background:
    process: subprocess.Popen
    goals: str
    log: object

    def finish(self) -> list[str]:
        """Wait for the loop; its Markdown lines (and its goals added to this run's table)."""
        code = self.process.wait()
        self.log.seek(0)
        out = self.log.read()
        self.log.close()
        if code == 0 and Path(self.goals).stat().st_size:
            summary.load(self.goals)  # the child's goals, in this run's table
        Path(self.goals).unlink(missing_ok=True)
        lines = out.splitlines()
        if code != 0:
            lines += ["", f"- the loop part FAILED (exit {code}); its last lines above"]
        return ["", "(the loop ran in a second process beside the network part)", *lines]


def start_loop(quick: bool) -> Background:
    handle, goals = tempfile.mkstemp(prefix="bench-goals-", suffix=".json")
    os.close(handle)
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed by finish())
    pin = ["taskset", "-c", str(live.BROWSER_CORE)] if live.BROWSER_CORE is not None else []
    cmd = [*pin, sys.executable, "-m", "bench", "--only", "loop", *(["--quick"] if quick else [])]
    env = dict(os.environ, BENCH_GOALS_FILE=goals)
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # nosec B603
    return Background(process, goals, log)
