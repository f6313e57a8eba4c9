"""Learning steps inside a session: a card still learning (a new card, or one answered wrong)
comes back to the same session when its (re)learning step is over (1 or 10 minutes), as in
Anki, until it graduates to review.

Fresh cards go first; a card whose step is over is asked before the next fresh
card. When no fresh card is left, a card due within :data:`LEARN_AHEAD` is asked
early (Anki's "learn ahead" limit) instead of ending the session; the session ends
when nothing is due within that time.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Sequence
from datetime import datetime, timedelta

from quizdeck.model import Card

#: How far ahead a waiting card is asked when nothing else is left (Anki's default).
LEARN_AHEAD = timedelta(minutes=20)


class Upcoming:
    """The cards still to ask: the session's queue, and the cards that come back to it."""

    def __init__(self, queue: Sequence[Card], ahead: timedelta = LEARN_AHEAD) -> None:
        self.fresh: deque[Card] = deque(queue)
        self.ahead = ahead
        self._waiting: list[tuple[datetime, int, Card]] = []
        self._order = itertools.count()

    def __len__(self) -> int:
        return len(self.fresh) + len(self._waiting)

    def next(self, now: datetime, *, fresh_only: bool = False) -> Card | None:
        """The card to ask at ``now``, or None when the session is over (``fresh_only``: a
        card of the queue, while there is one, before any card that comes back)."""
        if self._waiting and self._waiting[0][0] <= now and not (fresh_only and self.fresh):
            return heapq.heappop(self._waiting)[2]
        if self.fresh:
            return self.fresh.popleft()
        if fresh_only:
            return None
        if self._waiting and self._waiting[0][0] <= now + self.ahead:
            return heapq.heappop(self._waiting)[2]
        return None

    def again(self, card: Card, due: datetime | None, now: datetime) -> None:
        """Let ``card`` come back at ``due`` if that is within reach of this session."""
        if due is not None and due <= now + self.ahead:
            heapq.heappush(self._waiting, (due, next(self._order), card))

    def drop(self, card: Card) -> None:
        """Forget any return of ``card`` (its answer was taken back, or it was rescheduled)."""
        self._waiting = [entry for entry in self._waiting if entry[2].key != card.key]
        heapq.heapify(self._waiting)
