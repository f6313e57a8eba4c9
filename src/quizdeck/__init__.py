"""quiz: a terminal quiz and flashcard tool with fair grading and spaced repetition."""

from __future__ import annotations

import contextlib
import gc
import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

__version__ = "0.1.0"


def import_for_good(name: str) -> ModuleType:
    """Import module ``name`` with the garbage collector paused, then leave what exists out of
    its passes (``gc.freeze``): importing makes modules, classes and functions that live as
    long as the process, no garbage to look for (collected as they came, they cost
    milliseconds before the first prompt)."""
    if name in sys.modules or not gc.isenabled():
        return importlib.import_module(name)
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        gc.enable()


class Collector:
    """The garbage collector around a session. What was loaded before it is left out of the
    collector's full passes while it runs (one took 50-80 ms, enough to draw a prompt after the
    keys typed for it). A study command pauses the collector while it sets up (what it loads
    lasts); it runs again when the session starts, or in a terminal once the first prompt is
    drawn: building and drawing that prompt makes thousands of objects that last too."""

    waits_for_prompt = False

    @classmethod
    @contextlib.contextmanager
    def frozen_for_session(cls, terminal: bool) -> Iterator[None]:
        gc.freeze()
        paused = not gc.isenabled()
        cls.waits_for_prompt = paused and terminal
        if not cls.waits_for_prompt:
            gc.enable()
        try:
            yield
        finally:
            cls.waits_for_prompt = False
            gc.unfreeze()
            if paused:
                gc.disable()

    @classmethod
    def prompt_drawn(cls, *_: object) -> None:
        """Called after a prompt is drawn: the collector runs again if it waited for that."""
        if cls.waits_for_prompt:
            cls.waits_for_prompt = False
            gc.freeze()
            gc.enable()
