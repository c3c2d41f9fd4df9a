"""Stable keys for claims and points: names that survive edits elsewhere in a readout.

A claim's id (``kremlin:4``) is its position, so one line added at the top of a readout
renumbers every claim. Its key depends on its side and its text only: the side's name, ``#``,
and a digest of the text normalised as phrases are (case, spacing, quote and dash styles
ignored); the second and later claims of a side with the same text get ``.2``, ``.3``, in
order. A point's key is a digest of its claims' keys, sorted, so neither the order the sides
are given in nor the order of claims changes it; it changes when the point gains or loses a
claim.

>>> from readout_diff.load import readout_from_text
>>> keys = claim_keys(readout_from_text("Talks went on. Hockey was raised. Talks went on.",
...                                     name="kremlin"))
>>> [key.split("#")[0] for key in keys.values()], list(keys.values())[2].endswith(".2")
(['kremlin', 'kremlin', 'kremlin'], True)
>>> point_key(["b#1", "a#2"]) == point_key(["a#2", "b#1"])
True
"""

from __future__ import annotations

from collections.abc import Iterable

from readout_diff.model import Readout
from readout_diff.normalize import fold

try:  # the C module behind hashlib.blake2b, without loading OpenSSL: 10 ms less at start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b


def _digest(text: str) -> str:
    # Lone surrogates (undecodable bytes kept as text) must hash too.
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def claim_keys(readout: Readout) -> dict[str, str]:
    """Each claim's key, by claim id, for one side."""
    seen: dict[str, int] = {}
    keys: dict[str, str] = {}
    for claim in readout.claims:
        text = claim.text
        # fold() changes only case and spacing in ASCII text; this is its fast path
        digest = _digest(" ".join(text.lower().split()) if text.isascii() else fold(text))
        seen[digest] = seen.get(digest, 0) + 1
        suffix = f".{seen[digest]}" if seen[digest] > 1 else ""
        keys[claim.id] = f"{readout.name}#{digest}{suffix}"
    return keys


def point_key(claim_keys: Iterable[str]) -> str:
    """A point's key, from the keys of its claims in any order."""
    return "p#" + _digest("\n".join(sorted(claim_keys)))
