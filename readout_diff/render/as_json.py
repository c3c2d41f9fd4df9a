"""The versioned JSON document: schema_version 1, the contract scripts rely on.

Fields may be added; ``schema_version``, ``sides`` (name, source, claims with id, text,
start, end), ``points`` (id, claims, present, missing, score) and ``summary`` are never
removed or renamed. ``readout_diff/data/report.schema.json`` describes it.
"""

from __future__ import annotations

import json
from typing import Any

from readout_diff import __version__
from readout_diff.model import Candidate, Difference, Point, Readout, Report

SCHEMA_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain data, in the order sides were given."""
    points = report.points
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "readout-diff", "version": __version__},
        "title": report.title,
        "settings": {
            "scorer": report.settings.scorer,
            "threshold": report.settings.threshold,
            "margin": report.settings.margin,
        },
        "sides": [_side(r) for r in report.sides],
        "points": [_point(p) for p in points],
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
                }
                for s in report.summary
            },
        },
    }


def _side(readout: Readout) -> dict[str, Any]:
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
        "claims": [
            {
                "id": c.id,
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "line": c.line,
                "sentence": c.sentence,
                "topic": c.topic,
                "speaker": c.speaker,
            }
            for c in readout.claims
        ],
    }


def claims_to_dict(readout: Readout) -> dict[str, Any]:
    """How one readout was split: its claims and the metadata lines it skipped."""
    return {
        "schema_version": SCHEMA_VERSION,
        "side": _side(readout),
        "skipped": [
            {"start": s.start, "end": s.end, "line": s.line, "reason": s.reason}
            for s in readout.skipped
        ],
        "dropped": [{"reason": d.reason, "texts": list(d.texts)} for d in readout.dropped],
    }


def _point(point: Point) -> dict[str, Any]:
    return {
        "id": point.id,
        "claims": [c.id for c in point.claims],
        "present": list(point.present),
        "missing": list(point.missing),
        "score": point.score,
        "links": [
            {
                "claims": [link.left, link.right],
                "score": link.score,
                "words": list(link.words),
                "rule": link.rule,
            }
            for link in point.links
        ],
        "nearest": _candidate(point.nearest),
        "differences": [_difference(d) for d in point.differences],
    }


def _candidate(candidate: Candidate | None) -> dict[str, Any] | None:
    if candidate is None:
        return None
    return {
        "claim": candidate.claim or None,
        "score": candidate.score,
        "reason": candidate.reason,
        "words": list(candidate.words),
    }


def _difference(difference: Difference) -> dict[str, Any]:
    return {
        "kind": difference.kind,
        "summary": difference.summary,
        "sides": dict(difference.texts),
        "spans": [{"side": s, "start": a, "end": b} for s, a, b in difference.spans],
    }


def dumps(data: Any) -> str:
    """Serialise to JSON text that any parser accepts, whatever the readouts held.

    One line, compact: the C encoder writes it in a fraction of the time of an indented one,
    and ``jq .`` pretty-prints it.

    >>> dumps({"t": "a\\udc80\\x00"})
    '{"t":"a\\\\udc80\\\\u0000"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Lone surrogates cannot be encoded as UTF-8; their JSON escapes can.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
