"""quiz: a terminal quiz and flashcard tool with fair grading and spaced repetition."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

__version__ = "0.1.0"


def import_for_good(name: str) -> ModuleType:
    """Import module ``name`` with the garbage collector paused, then leave what exists out of
    its passes (``gc.freeze``): importing makes modules, classes and functions that live as
    long as the process, no garbage to look for (collected as they came, they cost
    milliseconds before the first prompt)."""
    import gc

    if name in sys.modules or not gc.isenabled():
        return importlib.import_module(name)
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        gc.enable()
