"""Progress storage: one SQLite file per profile, with the schedule and the review log.

Durability: the database runs in WAL mode with ``synchronous=NORMAL``. Every
review is its own transaction, committed before :meth:`Store.record_review`
returns. A commit is written to the WAL file (a ``write()`` into the operating
system's cache) before it returns, so killing the process at any moment — even
with ``kill -9`` — loses nothing that was committed and never corrupts the file.
Only a power cut or an operating-system crash can lose the last few commits
(never the integrity of the file), because the WAL is synced at checkpoints rather
than at every commit; that is the price of a commit costing well under a
millisecond.

Times are stored as fixed-width ISO 8601 UTC text, so comparing the text
compares the times.
"""

from __future__ import annotations

from quizdeck.errors import StoreError
from quizdeck.store_core import (
    BUSY_TIMEOUT_MS,
    SLACK,
    WAL_CHECKPOINT_PAGES,
    Recorded,
    StoreCore,
    _error_message,
)
from quizdeck.store_flags import CardFlags
from quizdeck.store_reading import Reading
from quizdeck.store_reviews import Reviews

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SLACK",
    "WAL_CHECKPOINT_PAGES",
    "Recorded",
    "Store",
    "StoreCore",
    "StoreError",
    "_error_message",
]


class Store(Reviews, CardFlags, Reading):
    """One profile's progress. Open with :meth:`open` or :meth:`for_profile`; close when done.

    Its parts: :mod:`quizdeck.store_core` (opening, transactions, settings, days, card
    states), :mod:`quizdeck.store_reviews`, :mod:`quizdeck.store_due` (the queue),
    :mod:`quizdeck.store_flags` and :mod:`quizdeck.store_reading` (which builds on the
    queue); the rules of a review are in :mod:`quizdeck.review_rules`, with no SQLite.
    """
