"""The protocol-buffer reader for Anki's packages: any bytes read without an error."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizdeck.interchange.protobuf import fields, proto_field, varint


def test_fields_of_each_wire_type() -> None:
    message = bytes([0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x1D, 1, 2, 3, 4, 0x21, *range(8)])
    assert list(fields(message)) == [(1, 150), (2, b"hi"), (3, b"\x01\x02\x03\x04"),
                                     (4, bytes(range(8)))]  # fmt: skip
    assert proto_field(message, 2) == b"hi"
    assert proto_field(message, 9) == 0  # left out: proto3's default


def test_a_cut_message_is_read_as_far_as_it_goes() -> None:
    cut = bytes([0x08, 0x01, 0x12, 0x05, 0x68])
    assert list(fields(cut)) == [(1, 1)]
    assert proto_field(cut, 1) == 1
    assert proto_field(cut, 2) is None
    assert varint(bytes([0xFF] * 20), 0)[0] is None  # over 64 bits


@given(st.binary(max_size=512))
def test_any_bytes_give_fields_without_an_error(data: bytes) -> None:
    for number, value in fields(data):
        assert number >= 0 and isinstance(value, int | bytes)
    assert proto_field(data, 1) is None or isinstance(proto_field(data, 1), int | bytes)
