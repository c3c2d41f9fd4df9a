"""The versioned JSON document: schema_version 1, the contract scripts rely on.

Fields may be added, never removed or renamed. ``readout_diff/data/*.schema.json``
describe each document (``report``, ``claims``, ``check``, ``aliases``); ``readout-diff
schema`` prints them. Decisions carry codes beside their prose (``codes.py``), claims and
points stable keys beside their positional ids (``keys.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from readout_diff import __version__
from readout_diff.codes import link_code, word_pairs
from readout_diff.confidence import CHECK, DECIDED, SURE, right_rate
from readout_diff.keys import claim_keys, point_key
from readout_diff.model import Candidate, Difference, Point, Readout, Report
from readout_diff.render.json_stream import Items, chunks, materialise
from readout_diff.scripts import cross_script_pairs, meaning_only, side_scripts

SCHEMA_VERSION = 1
SCHEMAS = ("report", "check", "claims", "aliases")


def schema_text(name: str) -> str:
    """The JSON Schema of one output, as shipped in the package.

    >>> import json; json.loads(schema_text("claims"))["properties"]["schema_version"]
    {'const': 1}
    """
    from importlib import resources

    if name not in SCHEMAS:
        raise ValueError(f"no schema named {name!r}")
    return (resources.files("readout_diff") / "data" / f"{name}.schema.json").read_text("utf-8")


# A point of more links than this has them written one batch at a time.
_MANY_LINKS = 1024


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain data, in the order sides were given."""
    data: dict[str, Any] = materialise(_report(report))
    return data


def report_json(report: Report) -> Iterator[str]:
    """The text of ``dumps(report_to_dict(report))``, in pieces, without holding the document:
    claims and points are made as they are written, so the memory it needs is that of a few
    of them, not that of the report's JSON, a hundred times the size of its readouts.
    """
    return _escaped(chunks(_report(report)))


def claims_json(readout: Readout) -> Iterator[str]:
    """The text of ``dumps(claims_to_dict(readout))``, in pieces (see ``report_json``)."""
    return _escaped(chunks(_claims(readout)))


def _report(report: Report) -> dict[str, Any]:
    points = report.points
    keys = {i: k for readout in report.sides for i, k in claim_keys(readout).items()}
    verdicts = {(s.name, v): 0 for s in report.summary for v in (SURE, CHECK)}
    decided = {s.name: 0 for s in report.summary}
    for point in points:
        for side in point.present:
            verdicts[(side, point.confidence)] = verdicts.get((side, point.confidence), 0) + 1
            decided[side] += point.confidence_reason == DECIDED
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "readout-diff", "version": __version__},
        "title": report.title,
        "settings": {
            "scorer": report.settings.scorer,
            "threshold": report.settings.threshold,
            "margin": report.settings.margin,
        },
        "languages": _languages(report),
        "sides": Items((_side(r, keys) for r in report.sides), flat=False),
        "points": Items((_point(p, keys, report.settings.scorer) for p in points), flat=False),
        "summary": {
            "points": len(points),
            "shared": sum(1 for p in points if len(p.present) > 1),
            "one_sided": sum(1 for p in points if p.one_sided),
            "with_differences": sum(1 for p in points if p.differences),
            "sides": {
                s.name: {
                    "claims": s.claims,
                    "matched": s.matched,
                    "only": s.only,
                    "points": s.points,
                    "lacks": s.lacks,
                    "sure": verdicts[(s.name, SURE)],
                    "check": verdicts[(s.name, CHECK)],
                    "decided": decided[s.name],
                }
                for s in report.summary
            },
            "sure": sum(1 for p in points if p.confidence == SURE),
            "check": sum(1 for p in points if p.confidence == CHECK),
            "decided": sum(1 for p in points if p.confidence_reason == DECIDED),
        },
    }


def _languages(report: Report) -> dict[str, Any]:
    """Each side's script, the pairs of sides in different scripts and how they were scored:
    ``meaning`` (the semantic scorer, embeddings alone) or ``words`` (which do not cross).
    """
    scripts = side_scripts(report.sides)
    across = cross_script_pairs(scripts)
    scored_by = note = None
    if across:
        scored_by = "meaning" if meaning_only(report) else "words"
    if scored_by == "meaning":  # the note the reports print (the view is loaded only then)
        from readout_diff.render.view import language_note

        note = language_note(report)
    return {
        "scripts": scripts,
        "across": [list(pair) for pair in across],
        "scored_by": scored_by,
        "note": note,
    }


def _side(readout: Readout, keys: dict[str, str]) -> dict[str, Any]:
    return {
        "name": readout.name,
        "label": readout.label,
        "source": readout.path,
        "kind": readout.kind,
        "span_base": readout.span_base,
        "title": readout.title,
        "date": readout.date,
        "url": readout.url,
        "publisher": readout.publisher,
        "claims": Items(
            (
                {
                    "id": c.id,
                    "key": keys[c.id],
                    "text": c.text,
                    "start": c.start,
                    "end": c.end,
                    "line": c.line,
                    "sentence": c.sentence,
                    "topic": c.topic,
                    "speaker": c.speaker,
                }
                for c in readout.claims
            ),
            flat=True,
        ),
    }


def claims_to_dict(readout: Readout) -> dict[str, Any]:
    """How one readout was split: its claims and the metadata lines it skipped."""
    data: dict[str, Any] = materialise(_claims(readout))
    return data


def _claims(readout: Readout) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "readout-diff", "version": __version__},
        "side": _side(readout, claim_keys(readout)),
        "skipped": Items(
            (
                {"start": s.start, "end": s.end, "line": s.line, "reason": s.reason}
                for s in readout.skipped
            ),
            flat=True,
        ),
        "dropped": [{"reason": d.reason, "texts": list(d.texts)} for d in readout.dropped],
    }


def _point(point: Point, keys: dict[str, str], scorer: str) -> dict[str, Any]:
    return {
        "id": point.id,
        "key": point_key(keys[c.id] for c in point.claims),
        "claims": [c.id for c in point.claims],
        "present": list(point.present),
        "missing": list(point.missing),
        "score": point.score,
        "links": _links(point),
        "nearest": _candidate(point.nearest),
        "differences": [_difference(d) for d in point.noted],
        "confidence": point.confidence,
        "confidence_reason": point.confidence_reason,
        "right_rate": right_rate(point, scorer),
    }


def _links(point: Point) -> list[dict[str, Any]] | Items:
    found = (
        {
            "claims": [link.left, link.right],
            "score": link.score,
            "words": list(link.words),
            "word_pairs": word_pairs(link.words),
            "rule": link.rule,
            "code": link_code(link.rule),
        }
        for link in point.links
    )
    # A point of thousands of claims (a readout of one sentence repeated) has its links
    # written a batch at a time; any other point is written whole, as one.
    return Items(found, flat=True) if len(point.links) > _MANY_LINKS else list(found)


def _candidate(candidate: Candidate | None) -> dict[str, Any] | None:
    if candidate is None:
        return None
    return {
        "claim": candidate.claim or None,
        "score": candidate.score,
        "reason": candidate.reason,
        "code": candidate.code,
        "threshold": candidate.threshold,
        "runner_up": candidate.runner_up,
        "rival": candidate.rival,
        "words": list(candidate.words),
        "word_pairs": word_pairs(candidate.words),
    }


def _difference(difference: Difference) -> dict[str, Any]:
    return {
        "kind": difference.kind,
        "summary": difference.summary,
        "sides": dict(difference.texts),
        "spans": [{"side": s, "start": a, "end": b} for s, a, b in difference.spans],
        "code": difference.code,
        "elsewhere": {side: list(ids) for side, ids in difference.elsewhere},
    }


def dumps(data: Any) -> str:
    """Serialise to JSON text that any parser accepts, whatever the readouts held.

    One line, compact: the C encoder writes it in a fraction of the time of an indented one,
    and ``jq .`` pretty-prints it.

    >>> dumps({"t": "a\\udc80\\x00"})
    '{"t":"a\\\\udc80\\\\u0000"}'
    """
    return _utf8(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _utf8(text: str) -> str:
    # Lone surrogates cannot be encoded as UTF-8; their JSON escapes can.
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode("utf-8")


def _escaped(pieces: Iterator[str]) -> Iterator[str]:
    return (_utf8(piece) for piece in pieces)
