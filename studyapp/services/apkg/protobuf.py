"""Just enough of the protobuf wire format to read what modern Anki packages store as protobuf.

Anki 2.1.50+ keeps a package's ``meta`` (format version), its media list and, inside the schema 18
collection, note type, template and deck settings as protobuf messages. Studyapp needs a handful of
fields from them (a version number, a note type's kind, a template's two formats, media names), so a
60-line reader of the wire format beats a generated-code dependency on Anki's ``.proto`` files.
Unknown fields are skipped, as protobuf intends; malformed bytes raise :class:`ProtobufError`.
"""

from __future__ import annotations

from collections.abc import Iterator

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


class ProtobufError(ValueError):
    """The bytes are not a well-formed protobuf message."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise ProtobufError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ProtobufError("varint longer than 64 bits")


def iter_fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs in order: ints for varints and fixed fields, bytes for
    length-delimited ones (strings, bytes and nested messages alike)."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ProtobufError("field number 0")
        if wire == VARINT:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == LENGTH:
            size, pos = _varint(data, pos)
            if pos + size > len(data):
                raise ProtobufError("length-delimited field runs past the end")
            yield number, data[pos : pos + size]
            pos += size
        elif wire in (FIXED64, FIXED32):
            size = 8 if wire == FIXED64 else 4
            if pos + size > len(data):
                raise ProtobufError("fixed field runs past the end")
            yield number, int.from_bytes(data[pos : pos + size], "little")
            pos += size
        else:
            raise ProtobufError(f"unsupported wire type {wire}")


def fields(data: bytes) -> dict[int, list[int | bytes]]:
    """Every field's values by number (repeated fields keep their order)."""
    out: dict[int, list[int | bytes]] = {}
    for number, value in iter_fields(data):
        out.setdefault(number, []).append(value)
    return out


def first_int(message: dict[int, list[int | bytes]], number: int, default: int = 0) -> int:
    values = [v for v in message.get(number, []) if isinstance(v, int)]
    return values[-1] if values else default  # protobuf: the last value of a scalar wins


def first_text(message: dict[int, list[int | bytes]], number: int) -> str:
    values = [v for v in message.get(number, []) if isinstance(v, bytes)]
    if not values:
        return ""
    try:
        return values[-1].decode("utf-8")
    except UnicodeDecodeError:
        raise ProtobufError(f"field {number} is not UTF-8 text") from None


def first_bytes(message: dict[int, list[int | bytes]], number: int) -> bytes:
    values = [v for v in message.get(number, []) if isinstance(v, bytes)]
    return values[-1] if values else b""
