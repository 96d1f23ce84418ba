"""Shared timing helper for the benchmark scripts: the best of n runs, since these machines are noisy."""
from __future__ import annotations

import time
from typing import Callable


def best_of(n: int, fn: Callable[[], object]) -> float:
    """The shortest of n timed runs of fn, in seconds."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)
