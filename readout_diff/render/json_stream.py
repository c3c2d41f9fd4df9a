"""JSON written a piece at a time: a document whose long lists are produced as they are written.

A report of tens of thousands of claims is a JSON text a hundred times the size of its
readouts, and as a tree of dicts several times more again. Here a document is plain data
in which a long list may be an ``Items``, an iterable of its elements: ``chunks`` writes it
element by element, so only a few elements exist at a time, and ``materialise`` turns it
into the plain document. Both give the same text as ``json.dumps`` with compact separators
gives of the plain document, byte for byte.

>>> doc = {"a": 1, "b": Items(({"n": n} for n in range(3)), flat=True), "c": [True]}
>>> "".join(chunks(doc))
'{"a":1,"b":[{"n":0},{"n":1},{"n":2}],"c":[true]}'
>>> materialise({"a": 1, "b": Items(iter([2, 3]), flat=True)})
{'a': 1, 'b': [2, 3]}
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

# Elements encoded by one call of the C encoder: few enough to stay small, enough that the
# cost of a call is shared.
BATCH = 256
# Pieces are joined until they reach this size, so that a writer makes few large writes.
PIECE = 1 << 16

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class Items:
    """A list of a document, as an iterable consumed once when the document is written.

    ``flat``: no element holds an ``Items`` of its own, so elements are encoded in batches.
    """

    __slots__ = ("flat", "items")

    def __init__(self, items: Iterable[Any], *, flat: bool) -> None:
        self.items = items
        self.flat = flat


def materialise(value: Any) -> Any:
    """The plain document: each ``Items`` (at any depth) made a list."""
    if isinstance(value, Items):
        if value.flat:
            return list(value.items)
        return [materialise(item) for item in value.items]
    if isinstance(value, dict) and any(isinstance(v, Items) for v in value.values()):
        return {key: materialise(v) for key, v in value.items()}
    return value


def chunks(value: Any) -> Iterator[str]:
    """The compact JSON text of a document, in pieces of about ``PIECE`` characters."""
    pending: list[str] = []
    size = 0
    for piece in _pieces(value):
        pending.append(piece)
        size += len(piece)
        if size >= PIECE:
            yield "".join(pending)
            pending.clear()
            size = 0
    if pending:
        yield "".join(pending)


def _pieces(value: Any) -> Iterator[str]:
    if isinstance(value, Items):
        yield from _list(value)
    elif isinstance(value, dict) and any(isinstance(v, Items) for v in value.values()):
        yield "{"
        for n, (key, item) in enumerate(value.items()):
            # json.dumps writes keys as strings whatever their type; these documents' are.
            yield ("," if n else "") + _encode(str(key)) + ":"
            yield from _pieces(item)
        yield "}"
    else:
        yield _encode(value)


def _list(value: Items) -> Iterator[str]:
    yield "["
    first = True
    batch: list[Any] = []
    for item in value.items:
        if value.flat or not _holds_items(item):
            batch.append(item)
            if len(batch) < BATCH:
                continue
        if batch:
            # a list's text without its brackets is its elements, comma-separated
            yield ("" if first else ",") + _encode(batch)[1:-1]
            first = False
            batch = []
        if not value.flat and _holds_items(item):
            if not first:
                yield ","
            first = False
            yield from _pieces(item)
    if batch:
        yield ("" if first else ",") + _encode(batch)[1:-1]
    yield "]"


def _holds_items(item: Any) -> bool:
    return isinstance(item, Items) or (
        isinstance(item, dict) and any(isinstance(v, Items) for v in item.values())
    )
