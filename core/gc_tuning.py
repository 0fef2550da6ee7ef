"""The garbage collector, tuned once per server process.

A server process holds Streamlit, pandas, SQLAlchemy and the models: hundreds of thousands of
long-lived objects that every full collection walks again. A staff panel of 10,000 rows makes
enough short-lived containers to trigger a full collection now and then, which then cost up to
~180 ms on its own (measured with ``gc.callbacks`` around the panel page, bench/__main__.py).
Freezing what exists after start-up takes those objects out of every later collection, and a
larger first-generation threshold runs the cheap young collections less often (the panel: 33 a
view before, about 1 after). Both are standard CPython settings; nothing is ever left uncollected
that is made after start-up.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000  # allocations between young collections (CPython's default: 700)
_done = False


def tune_gc() -> None:
    """Freeze the objects alive now and raise the young threshold; only the first call acts."""
    global _done
    if _done:
        return
    _done = True
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
