"""How a function's running time grows with its input: ratios between sizes, never absolute times.

``superlinear(run, make)`` times ``run(make(size))`` for 1, 10 and 100 KB and says whether
the time grew much faster than the input. A linear function grows about tenfold per step; a
quadratic one a hundredfold, so a generous factor tells them apart on a loaded machine. It
stops at the first step that grows too fast, so a cubic regex fails in seconds, not hours.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from itertools import pairwise

KB = 1024
SIZES = (KB, 10 * KB, 100 * KB)
#: Tenfold more input may cost at most this many times more (linear is about 10).
ALLOWED_STEP = 35.0
#: The smallest time measured at once: shorter runs are repeated, so timer noise stays small.
_RESOLUTION = 0.005
_ATTEMPTS = 3


def seconds(run: Callable[[], object]) -> float:
    """The least time one call of ``run`` takes, over a few repeated batches."""
    repeats = 1
    while True:
        start = time.process_time()
        for _ in range(repeats):
            run()
        spent = time.process_time() - start
        if spent >= _RESOLUTION or repeats >= 4096:
            break
        repeats *= 4
    best = spent / repeats
    for _ in range(2):
        start = time.process_time()
        for _ in range(repeats):
            run()
        best = min(best, (time.process_time() - start) / repeats)
    return best


def superlinear(run: Callable[[str], object], make: Callable[[int], str]) -> str | None:
    """Why ``run`` grows faster than linearly on ``make(size)`` inputs, or None when it does not.

    A step that looks too steep is measured again (up to ``_ATTEMPTS`` times, both sizes), so a
    pause of the machine during one measurement is not taken for growth.
    """
    for smaller, larger in pairwise(SIZES):
        small, large = make(smaller), make(larger)
        ratio = 0.0
        for _ in range(_ATTEMPTS):
            before = max(seconds(partial(run, small)), _RESOLUTION / 100)
            ratio = seconds(partial(run, large)) / before
            if ratio <= ALLOWED_STEP:
                break
        else:
            return f"{len(large):,} chars took {ratio:.0f}x as long as {len(small):,}"
    return None


def pumped(prefix: str, unit: str, suffix: str = "") -> Callable[[int], str]:
    """Inputs of about ``size`` chars: ``prefix``, ``unit`` repeated, then ``suffix``."""

    def make(size: int) -> str:
        return prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit)) + suffix

    return make
