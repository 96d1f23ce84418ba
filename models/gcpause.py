"""Bulk work with Python's cyclic garbage collector paused: reading a return, storing it, writing the 月报.

They make hundreds of thousands of small objects (cells, rows, records) and drop none of them in cycles, while the
collector walks all the young ones again every few hundred allocations: a tenth of an import or an export. Paused
only for the work and then resumed, never for the window's life; nested and threaded uses share one count."""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block (as it was before, after the outermost block ends)."""
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
