"""A card's state before a start review, as the review log keeps it for undo, take-back and
amend (the ``before`` column of ``reviews``).

Most of the log is these states, so they are kept small: a fixed-width blob of 69 bytes
(the deck and card are the review's own columns), exact to the bit — floats as doubles,
times as microseconds since the epoch, the content hash as its 8 bytes. An empty blob
means the card had no stored state (it was new). A state that does not fit (a hand-edited
row: a content hash that is not 16 hex digits, a number out of range) is kept as JSON text,
as quiz wrote every state before migration 9; both are read back.
"""

from __future__ import annotations

import json
import struct
from datetime import datetime, timedelta, timezone

from quizdeck.scheduler import Memory, State
from quizdeck.store.rows import CardState, Key

#: The format byte, then flags, state, step, stability, difficulty, due, last review, reps,
#: lapses, buried until, first seen, content hash.
_LAYOUT = struct.Struct("<BBBhddqqiiqq8s")
_FORMAT = 1
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
# Flags: which optional values are there.
_MEMORY, _STEP, _SUSPENDED, _LEECH, _BURIED, _FIRST_SEEN, _HASH = (1 << bit for bit in range(7))


def encode(state: CardState | None) -> bytes | str:
    """What the log keeps of ``state`` (None: the card had no stored state)."""
    if state is None:
        return b""
    try:
        return _pack(state)
    except (struct.error, ValueError, OverflowError):
        return json.dumps(state.to_dict())


def decode(kept: bytes | str, key: Key) -> CardState | None:
    """The state :func:`encode` kept, for the card ``key`` (ValueError if it cannot be read)."""
    if isinstance(kept, str):  # JSON: written before migration 9, or a state that did not fit
        data = json.loads(kept)
        return CardState.from_dict(data) if data else None
    if not kept:
        return None
    try:
        fields = _LAYOUT.unpack(kept)
    except struct.error:
        raise ValueError(f"a saved card state of {len(kept)} bytes") from None
    form, flags, state, step, stability, difficulty, due, last, reps, lapses, *rest = fields
    buried, first_seen, content_hash = rest
    if form != _FORMAT:
        raise ValueError(f"a saved card state of format {form}")
    memory = None
    if flags & _MEMORY:
        memory = Memory(
            State(state),
            step if flags & _STEP else None,
            stability,
            difficulty,
            _time(due),
            _time(last),
        )
    return CardState(
        key[0],
        key[1],
        memory,
        reps,
        lapses,
        bool(flags & _SUSPENDED),
        _time(buried) if flags & _BURIED else None,
        content_hash.hex() if flags & _HASH else None,
        bool(flags & _LEECH),
        _time(first_seen) if flags & _FIRST_SEEN else None,
    )


def _pack(state: CardState) -> bytes:
    memory, content_hash = state.memory, state.content_hash
    flags = (
        (_MEMORY if memory else 0)
        | (_STEP if memory and memory.step is not None else 0)
        | (_SUSPENDED if state.suspended else 0)
        | (_LEECH if state.leech else 0)
        | (_BURIED if state.buried_until else 0)
        | (_FIRST_SEEN if state.first_seen else 0)
        | (_HASH if content_hash is not None else 0)
    )
    hashed = b""
    if content_hash is not None:
        hashed = bytes.fromhex(content_hash)
        if len(hashed) != 8 or hashed.hex() != content_hash:
            raise ValueError("not a content hash quiz writes")
    return _LAYOUT.pack(
        _FORMAT,
        flags,
        int(memory.state) if memory else 0,
        memory.step or 0 if memory else 0,
        float(memory.stability) if memory else 0.0,
        float(memory.difficulty) if memory else 0.0,
        _micro(memory.due) if memory else 0,
        _micro(memory.last_review) if memory else 0,
        state.reps,
        state.lapses,
        _micro(state.buried_until),
        _micro(state.first_seen),
        hashed,
    )


def _micro(moment: datetime | None) -> int:
    return 0 if moment is None else (moment - _EPOCH) // _MICROSECOND


def _time(micro: int) -> datetime:
    return _EPOCH + micro * _MICROSECOND
