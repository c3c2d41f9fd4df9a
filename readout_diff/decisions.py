"""What a reader settled about a call: pairs of claims that make the same point, or do not.

A decisions file names each claim by a phrase, in the style of ``expect.yaml``::

    same:        # these two claims make the same point: link them, whatever they score
      - {white-house: "Strategic Stability Dialogue", kremlin: "first in Geneva"}
    different:   # these two do not: never link them
      - {white-house: "coordination with allies", kremlin: "allied relationship"}

Pure: ``load.py`` reads the file; here the data is checked, located in the readouts and
written back as text.

>>> entries = parse_decisions({"same": [{"a": "energy", "b": "power"}]}, path="d.yaml")
>>> entries[0].kind, entries[0].phrases
('same', (('a', 'energy'), ('b', 'power')))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from readout_diff.errors import InputError
from readout_diff.lexicon import STOPWORDS
from readout_diff.model import Claim, Decision, Readout, Record
from readout_diff.normalize import fold
from readout_diff.safe_yaml import unknown_key, yaml_key

KINDS = ("same", "different")


class Resolved(Record):
    """Decisions located in the readouts: pairs of claim ids to link, and pairs never to."""

    same: tuple[tuple[str, str], ...] = ()
    different: tuple[tuple[str, str], ...] = ()


def parse_decisions(
    data: Any,
    *,
    path: str,
    lines: Mapping[tuple[str | int, ...], int] | None = None,
) -> tuple[Decision, ...]:
    """Check the data of a decisions file: ``same`` and ``different``, lists of two phrases."""
    lines = lines or {}
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise InputError("decisions must be a mapping with 'same' or 'different'", path=path)
    found: list[Decision] = []
    for key, entries in data.items():
        if key not in KINDS:
            raise InputError(
                f"{unknown_key(key)} in decisions (allowed: {', '.join(KINDS)})",
                path=path,
                line=lines.get((key,)),
            )
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise InputError(f"{key!r} must be a list", path=path, line=lines.get((key,)))
        for k, entry in enumerate(entries):
            where = lines.get((key, k), lines.get((key,)))
            if not isinstance(entry, dict) or len(entry) != 2:
                raise InputError(
                    f"each {key!r} entry maps two sides to a phrase each", path=path, line=where
                )
            pairs = []
            for side, phrase in entry.items():
                if not isinstance(side, str) or not isinstance(phrase, str) or not phrase.strip():
                    raise InputError(
                        f"each {key!r} entry maps a side name to a non-empty phrase",
                        path=path,
                        line=where,
                    )
                pairs.append((side, phrase))
            if pairs[0][0] == pairs[1][0]:
                raise InputError(
                    f"a {key!r} entry needs claims of two different sides", path=path, line=where
                )
            found.append(Decision(key, (pairs[0], pairs[1]), path, where))
    return tuple(found)


def resolve(decisions: Sequence[Decision], readouts: Sequence[Readout]) -> Resolved:
    """Locate every decision's claims; a phrase that finds none, or several, is an error."""
    names = [r.name for r in readouts]
    same: list[tuple[str, str]] = []
    different: list[tuple[str, str]] = []
    where: dict[tuple[str, str], Decision] = {}
    for decision in decisions:
        from readout_diff.expect import locate_in  # on first use: most calls settle nothing

        ids = []
        for side, phrase in decision.phrases:
            if side not in names:
                raise InputError(
                    f"unknown side {side!r}; this call's sides are {', '.join(names)}",
                    path=decision.path,
                    line=decision.line,
                )
            found, problem = locate_in(readouts, side, phrase)
            if found is None:
                raise InputError(problem or phrase, path=decision.path, line=decision.line)
            ids.append(found.id)
        pair = (ids[0], ids[1])
        key = (min(pair), max(pair))
        first = where.setdefault(key, decision)
        if first.kind != decision.kind:
            # Named where the second says it, with the line of the first.
            at = f" (line {first.line})" if first.line and first.path == decision.path else ""
            raise InputError(
                f"{key[0]} and {key[1]} are decided both {first.kind!r}{at} and {decision.kind!r}",
                path=decision.path,
                line=decision.line,
            )
        (same if decision.kind == "same" else different).append(pair)
    return Resolved(tuple(same), tuple(different))


def phrase_for(claim: Claim, claims: Sequence[Claim], *, words: int = 3) -> str:
    """A few whole words of ``claim`` that no other claim of its side holds, for a person.

    The shortest run of at least ``words`` words that names the claim alone; of those, one
    that starts and ends on a content word, with the most letters in content words (so a
    reader of the file sees what the claim is about, not "of the").

    >>> a = Claim("a:1", "a", 0, "The energy talks will follow soon.", 0, 34, 1)
    >>> b = Claim("a:2", "a", 1, "The energy prices rose.", 35, 58, 1)
    >>> phrase_for(a, [a, b])
    'talks will follow'
    """
    tokens = claim.text.split()
    others = [fold(c.text) for c in claims if c.id != claim.id]
    own = fold(claim.text)

    def stop(word: str) -> bool:
        return word.strip(",;:.'\"").lower() in STOPWORDS

    def content(piece: str) -> tuple[bool, int]:
        parts = piece.split()
        ends = not stop(parts[0]) and not stop(parts[-1])
        return ends, sum(len(w) for w in parts if not stop(w))

    def alone(start: int, end: int) -> bool:
        wanted = fold(" ".join(tokens[start:end]).strip(" ,;:."))
        return bool(wanted) and wanted in own and not any(wanted in o for o in others)

    # A run that names the claim alone still does with a word more on either side, so the
    # shortest such run from each start ends no earlier than the one from the start before:
    # one pass of two indices finds the shortest length, in a number of tests linear in the
    # claim's words (not cubic, for a claim held whole inside another one).
    least = min(words, len(tokens))
    shortest = None
    end = least
    for start in range(len(tokens) - least + 1):
        if not alone(start, len(tokens)):
            break  # nor does any run starting later: each lies inside this one
        end = max(end, start + least)
        while not alone(start, end):
            end += 1
        size = end - start
        shortest = size if shortest is None else min(shortest, size)
    if shortest is not None:
        found = [
            " ".join(tokens[start : start + shortest]).strip(" ,;:.")
            for start in range(len(tokens) - shortest + 1)
            if alone(start, start + shortest)
        ]
        return max(found, key=content)
    return claim.text.strip()


def to_yaml(decisions: Sequence[Decision]) -> str:
    """A decisions file's text: each kind a list of one-line mappings, phrases quoted.

    >>> print(to_yaml([Decision("same", (("a", 'say "x"'), ("b", "y")))]), end="")
    same:
      - {a: "say \\"x\\"", b: "y"}
    """
    import json  # only a review writes decisions; a comparison need not load it

    out: list[str] = []
    for kind in KINDS:
        entries = [d for d in decisions if d.kind == kind]
        if not entries:
            continue
        out.append(f"{kind}:")
        for d in entries:
            body = ", ".join(
                f"{yaml_key(side)}: {json.dumps(phrase, ensure_ascii=False)}"
                for side, phrase in d.phrases
            )
            out.append(f"  - {{{body}}}")
    return "\n".join(out) + "\n" if out else "same: []\n"
