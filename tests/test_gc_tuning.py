"""The server freezes its start-up objects once and collects young objects less often."""

import subprocess
import sys

SCRIPT = """
import gc
from core.gc_tuning import YOUNG_THRESHOLD, tune_gc
before = gc.get_freeze_count()
tune_gc()
frozen = gc.get_freeze_count()
keep = [[] for _ in range(1000)]  # made after start-up: never frozen
tune_gc()  # a second script run: must not freeze what the app made since
print(before == 0, frozen > 0, gc.get_freeze_count() == frozen, gc.get_threshold()[0] == YOUNG_THRESHOLD)
"""


def test_it_freezes_once_and_raises_the_young_threshold():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, cwd="."
    )
    assert out.stdout.split() == ["True"] * 4
