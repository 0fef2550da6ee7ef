"""``python -m bench.serve SCRIPT [streamlit options]``: ``streamlit run`` with a server-side timer.

The benchmarks need the server's own time for each script run of a real ``streamlit run`` server
that real browsers talk to (no AppTest: AppTest runs the script in the test's process with its
own fake session and never serialises to a websocket). Streamlit keeps no such timer, so this
launcher listens to each ScriptRunner's own events before handing over to Streamlit's command
line: SCRIPT_STARTED starts a clock in the script thread, and the run's stop event (success,
compile error, stopped for a rerun, fragment done) writes one JSON line to ``BENCH_RUN_LOG``:

    {"end": <time.time() at the stop>, "ms": <wall ms of the run>, "cpu_ms": <the script
     thread's CPU ms>, "event": <the stop event>, "user": <the logged-in username or null>,
     "page": <the url path the run drew or null>}

What it leaves out: sending the run's messages over the websocket (Tornado's thread) and the
browser's drawing, which is what the browser-side tap -> confirmation time adds on top. The app
itself is unchanged; without ``BENCH_RUN_LOG`` this is a plain ``streamlit run``.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

_LOCK = threading.Lock()
_STOPS = {
    "SCRIPT_STOPPED_WITH_SUCCESS",
    "SCRIPT_STOPPED_WITH_COMPILE_ERROR",
    "SCRIPT_STOPPED_FOR_RERUN",
    "FRAGMENT_STOPPED_WITH_SUCCESS",
}


def _who(runner) -> tuple[str | None, str | None]:
    state = runner._session_state  # SafeSessionState: [] and "in", no .get()
    try:
        actor = state["actor"] if "actor" in state else None  # noqa: SIM401
        page = state["current_page"] if "current_page" in state else None  # noqa: SIM401
    except Exception:  # a run that stopped before the app set its keys  # nosec B110
        return None, None
    return getattr(actor, "username", None), page


def install(path: str) -> None:
    """Time every script run of this process into ``path`` (one JSON line per run)."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    out = open(path, "a", buffering=1)  # noqa: SIM115 (open for the server's whole life)
    original = ScriptRunner.__init__
    started: dict[int, tuple[float, float]] = {}

    def on_event(sender, event, **_kw) -> None:
        name = getattr(event, "name", str(event))
        if name == "SCRIPT_STARTED":
            started[id(sender)] = (time.perf_counter(), time.thread_time())
        elif name in _STOPS and id(sender) in started:
            wall, cpu = started.pop(id(sender))
            user, page = _who(sender)
            line = {
                "end": time.time(),
                "ms": (time.perf_counter() - wall) * 1000,
                "cpu_ms": (time.thread_time() - cpu) * 1000,
                "event": name,
                "user": user,
                "page": page,
            }
            with _LOCK:
                out.write(json.dumps(line) + "\n")

    def timed_init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        self.on_event.connect(on_event, weak=False)

    ScriptRunner.__init__ = timed_init


def main() -> None:
    if path := os.environ.get("BENCH_RUN_LOG"):
        install(path)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
