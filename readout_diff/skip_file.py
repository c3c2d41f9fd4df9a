"""The file where a review keeps the verdicts a reader skipped, so that a later review does
not ask them again: one line per verdict, a phrase per claim, beside the decisions file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

from readout_diff.errors import InputError
from readout_diff.safe_yaml import yaml_key

Phrases = tuple[tuple[str, str], ...]


def skip_file_for(decisions_file: str) -> str:
    """Where a review keeps its skips: a hidden file beside the decisions file.

    >>> skip_file_for("calls/geneva/decisions.yaml")
    'calls/geneva/.decisions.yaml.skipped'
    """
    folder, name = os.path.split(decisions_file)
    return os.path.join(folder, f".{name}.skipped")


SKIP_HEADER = (
    "# Verdicts skipped in 'readout-diff review', not asked again;\n"
    "# 'readout-diff review --again' asks them again (so does deleting this file).\n"
)


def skips_to_yaml(entries: Sequence[Phrases]) -> str:
    """The skip file's text: one line per skipped verdict, a phrase per claim.

    >>> print(skips_to_yaml([(("a", "energy"), ("b", "power"))]), end="")
    # Verdicts skipped in 'readout-diff review', not asked again;
    # 'readout-diff review --again' asks them again (so does deleting this file).
    skipped:
      - {a: "energy", b: "power"}
    """
    lines = [SKIP_HEADER + "skipped:" + ("" if entries else " []")]
    for phrases in entries:
        body = ", ".join(
            f"{yaml_key(side)}: {json.dumps(p, ensure_ascii=False)}" for side, p in phrases
        )
        lines.append(f"  - {{{body}}}")
    return "\n".join(lines) + "\n"


def parse_skips(
    data: Any, *, path: str, lines: Mapping[tuple[str | int, ...], int] | None = None
) -> list[Phrases]:
    """Read a skip file's data back: ``skipped``, a list of one or two side-phrase pairs."""
    lines = lines or {}
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) - {"skipped"}:
        raise InputError("a review's skip file holds one key, 'skipped'", path=path)
    entries = data.get("skipped") or []
    if not isinstance(entries, list):
        raise InputError("'skipped' must be a list", path=path, line=lines.get(("skipped",)))
    found: list[Phrases] = []
    for k, entry in enumerate(entries):
        if (
            not isinstance(entry, dict)
            or not 1 <= len(entry) <= 2
            or not all(isinstance(s, str) and isinstance(p, str) for s, p in entry.items())
        ):
            raise InputError(
                "each skipped entry maps one or two sides to a phrase each",
                path=path,
                line=lines.get(("skipped", k), lines.get(("skipped",))),
            )
        found.append(tuple(entry.items()))
    return found
