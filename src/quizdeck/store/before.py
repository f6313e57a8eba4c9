"""A card's state before a start review, as the review log keeps it for undo, take-back and
amend (the ``before`` column of ``review_log``).

Most of the log is these states, so they are kept small (the deck and card are the review's
own): a blob of about 50 bytes, exact to the bit. Stability and difficulty are doubles; the
last review is in microseconds since 1970, the due time, the day it was buried until and when
it was first seen are counted from it; whole numbers take as few bytes as they need (LEB128,
signed by zigzag); the content hash is its 8 bytes, and what a state lacks takes nothing (a flag
says what is there). An empty blob means the card had no stored state (it was new).

Format 1 (migration 9 to 10) was the same values at fixed widths, 69 bytes; a state that does
not fit (a hand-edited row: a content hash that is not 16 hex digits) is kept as JSON text, as
quiz wrote every state before migration 9. All three are read back.
"""

from __future__ import annotations

import json
import struct
from datetime import datetime, timedelta, timezone

from quizdeck.scheduler import Memory, State
from quizdeck.store.rows import CardState, Key

#: Format 1: the format byte, then flags, state, step, stability, difficulty, due, last review,
#: reps, lapses, buried until, first seen, content hash.
_LAYOUT = struct.Struct("<BBBhddqqiiqq8s")
_FORMAT = 1
#: Format 2 (migration 11): the format byte, flags; with a memory its state, its step (if any),
#: stability and difficulty, last review, due; reps, lapses; buried until, first seen, hash.
_FORMAT_2 = 2
_DOUBLES = struct.Struct("<dd")
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


def compact(kept: bytes | str, key: Key) -> bytes | str:
    """``kept`` (any format) in the current one; as it is if it cannot be read."""
    try:
        return encode(decode(kept, key))
    except (ValueError, TypeError, KeyError, OverflowError, struct.error):
        return kept


def decode(kept: bytes | str, key: Key) -> CardState | None:
    """The state :func:`encode` kept, for the card ``key`` (ValueError if it cannot be read)."""
    if isinstance(kept, str):  # JSON: written before migration 9, or a state that did not fit
        data = json.loads(kept)
        return CardState.from_dict(data) if data else None
    if not kept:
        return None
    if kept[0] == _FORMAT_2:
        return _unpack(bytes(kept), key)
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


def _flags(state: CardState) -> int:
    memory = state.memory
    return (
        (_MEMORY if memory else 0)
        | (_STEP if memory and memory.step is not None else 0)
        | (_SUSPENDED if state.suspended else 0)
        | (_LEECH if state.leech else 0)
        | (_BURIED if state.buried_until else 0)
        | (_FIRST_SEEN if state.first_seen else 0)
        | (_HASH if state.content_hash is not None else 0)
    )


def _pack(state: CardState) -> bytes:
    memory, content_hash, flags = state.memory, state.content_hash, _flags(state)
    out = bytearray((_FORMAT_2, flags))
    anchor = 0
    if memory:
        out.append(int(memory.state))
        if memory.step is not None:
            _put(out, memory.step)
        out += _DOUBLES.pack(float(memory.stability), float(memory.difficulty))
        anchor = _micro(memory.last_review)
        _put(out, anchor)
        _put(out, _micro(memory.due) - anchor)
    _put(out, state.reps)
    _put(out, state.lapses)
    if state.buried_until:
        _put(out, _micro(state.buried_until) - anchor)
    if state.first_seen:
        _put(out, _micro(state.first_seen) - anchor)
    if content_hash is not None:
        hashed = bytes.fromhex(content_hash)
        if len(hashed) != 8 or hashed.hex() != content_hash:
            raise ValueError("not a content hash quiz writes")
        out += hashed
    return bytes(out)


def _unpack(kept: bytes, key: Key) -> CardState:
    flags, at = kept[1], 2
    memory, anchor = None, 0
    if flags & _MEMORY:
        state, at = State(kept[at]), at + 1
        step = None
        if flags & _STEP:
            step, at = _get(kept, at)
        stability, difficulty = _DOUBLES.unpack_from(kept, at)
        anchor, at = _get(kept, at + _DOUBLES.size)
        due, at = _get(kept, at)
        memory = Memory(state, step, stability, difficulty, _time(anchor + due), _time(anchor))
    reps, at = _get(kept, at)
    lapses, at = _get(kept, at)
    buried = first_seen = None
    if flags & _BURIED:
        offset, at = _get(kept, at)
        buried = _time(anchor + offset)
    if flags & _FIRST_SEEN:
        offset, at = _get(kept, at)
        first_seen = _time(anchor + offset)
    content_hash = None
    if flags & _HASH:
        content_hash, at = kept[at : at + 8].hex(), at + 8
    if at != len(kept) or flags >= 1 << 7:
        raise ValueError(f"a saved card state of {len(kept)} bytes that does not read")
    return CardState(
        key[0], key[1], memory, reps, lapses, bool(flags & _SUSPENDED), buried, content_hash,
        bool(flags & _LEECH), first_seen,
    )  # fmt: skip


def _put(out: bytearray, number: int) -> None:
    """Append ``number`` as a zigzag LEB128 varint (any size, either sign)."""
    number = number * 2 if number >= 0 else -number * 2 - 1
    while number >= 0x80:
        out.append(number & 0x7F | 0x80)
        number >>= 7
    out.append(number)


def _get(kept: bytes, at: int) -> tuple[int, int]:
    """The varint :func:`_put` wrote at ``at``, and where the next value starts."""
    number = shift = 0
    while True:
        if at >= len(kept):
            raise ValueError("a saved card state cut short")
        byte = kept[at]
        number |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if byte < 0x80:
            return (number >> 1 if number % 2 == 0 else -(number >> 1) - 1), at


def _micro(moment: datetime | None) -> int:
    return 0 if moment is None else (moment - _EPOCH) // _MICROSECOND


def _time(micro: int) -> datetime:
    return _EPOCH + micro * _MICROSECOND
