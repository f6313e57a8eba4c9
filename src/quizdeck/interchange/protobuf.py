"""The few protocol-buffer messages of Anki's packages (media list, options groups, note
types), read without a protobuf library: top-level fields only, bounded by the bytes given,
stopping at anything that cannot be read."""

from __future__ import annotations

from collections.abc import Iterator

Field = tuple[int, int | bytes]


def fields(data: bytes) -> Iterator[Field]:
    """The top-level fields of a message as (number, value): an int for a varint, bytes for a
    length-delimited, 64-bit or 32-bit field; stops at anything it cannot read."""
    for field in _scan(data):
        if field is None:
            return
        yield field


def proto_field(data: bytes, number: int) -> int | bytes | None:
    """The first top-level field ``number`` of a message (see :func:`fields`); 0 for a field
    the whole message leaves out (proto3's default), None when it cannot be read that far."""
    for field in _scan(data):
        if field is None:
            return None
        if field[0] == number:
            return field[1]
    return 0


#: The bytes of a fixed-size field by its wire type: 64-bit (1) and 32-bit (5).
_FIXED = {1: 8, 5: 4}


def _scan(data: bytes) -> Iterator[Field | None]:
    """The fields of ``data``, then None if it stopped before the end."""
    position = 0
    while position < len(data):
        key, position = varint(data, position)
        if key is None:
            break
        wire, number = key & 7, key >> 3
        if wire == 0:
            value, position = varint(data, position)
            if value is None:
                break
            yield number, value
            continue
        if wire == 2:
            size, position = varint(data, position)
        else:
            size = _FIXED.get(wire)
        if size is None or position + size > len(data):
            break
        yield number, data[position : position + size]
        position += size
    else:
        return
    yield None


def varint(data: bytes, position: int) -> tuple[int | None, int]:
    """The varint at ``position`` and the position after it; None if it runs out or is over
    64 bits."""
    value = shift = 0
    while position < len(data) and shift < 64:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
    return None, position
