"""Progress storage: one SQLite file per profile, with the schedule and the review log.

``Store`` puts the parts together; durability and how times are stored are described in
:mod:`quizdeck.store.core`.
"""

from __future__ import annotations

from quizdeck.errors import StoreError
from quizdeck.store.core import (
    BUSY_TIMEOUT_MS,
    WAL_CHECKPOINT_PAGES,
    StoreCore,
    _error_message,
)
from quizdeck.store.flags import CardFlags
from quizdeck.store.reading import Reading
from quizdeck.store.reviews import Reviews

__all__ = [
    "BUSY_TIMEOUT_MS",
    "WAL_CHECKPOINT_PAGES",
    "Store",
    "StoreCore",
    "StoreError",
    "_error_message",
]


class Store(Reviews, CardFlags, Reading):
    """One profile's progress. Open with :meth:`open` or :meth:`for_profile`; close when done.

    Its parts: :mod:`quizdeck.store.core` (opening, transactions, settings, days, card
    states), :mod:`quizdeck.store.reviews`, :mod:`quizdeck.store.due` (the queue),
    :mod:`quizdeck.store.flags` and :mod:`quizdeck.store.reading` (which builds on the
    queue); the rules of a review are in :mod:`quizdeck.store.rules`, with no SQLite.
    """
