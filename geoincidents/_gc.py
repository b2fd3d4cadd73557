"""Pausing Python's cyclic garbage collector around allocation-heavy work.

Parsing a report or resolving a batch of names allocates many short-lived containers and
creates no reference cycles of note; with the collector on, every few hundred allocations it
traverses the young objects again (``benchmarks/geoparse.py``: 125 -> 142 dense reports a
second with the pause, in same-day runs; earlier measured at ~40 % of a fuzzy batch). :func:`gc_paused` turns it off for the duration and back on afterwards, counting
nested and concurrent users so that it is re-enabled only by the last one out, and only if it
was enabled when the first one came in.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the ``with`` block with the cyclic garbage collector disabled."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
