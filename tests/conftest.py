"""Shared fixtures: small readouts written for the tests, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent

WHITE_HOUSE = """Readout of the President's Call

President Smith spoke today with President Ivanov about ending the war.
The leaders agreed that the path to peace starts with a ceasefire on energy and infrastructure.
Both presidents agreed that Iran must never be able to threaten Israel.
They discussed hockey matches between the two leagues.
"""

KREMLIN = """The two presidents held a telephone conversation.
Ivanov ordered a halt to strikes on energy facilities for 30 days.
Moscow insisted that foreign military aid to Kiev must end.
A prisoner exchange of 175 for 175 will take place on Wednesday.
Smith supported the idea of hockey matches between the two leagues.
"""


# Words for generated readouts: content words, aliases of one another (Kiev, Kyiv), and
# boilerplate the analyzer drops, so generated claims overlap the way real ones do.
TOPIC_WORDS = (
    "energy ceasefire Ukraine hockey prisoners sanctions Iran Israel trade tariffs Taiwan "
    "climate fentanyl students nuclear Geneva the leaders discussed Black Sea 30 days talks "
    "Kiev Kyiv aid military"
).split()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two small readouts of one invented call, as text files."""
    wh = tmp_path / "white-house.txt"
    kr = tmp_path / "kremlin.txt"
    wh.write_text(WHITE_HOUSE, encoding="utf-8")
    kr.write_text(KREMLIN, encoding="utf-8")
    return wh, kr


def write(path: Path, text: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to ``path`` and return it."""
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def with_confidence(report, sure=None, reason: str = "near-rival"):  # type: ignore[no-untyped-def]
    """The report with the points ``sure`` (all when None) sure, every other one to check.

    Sure points get the reason ``far-from-any`` (one-sided) or ``strong-unique-pair``.
    """
    from dataclasses import replace

    points = []
    for point in report.points:
        if sure is None or point.id in sure:
            code = "far-from-any" if len(point.present) == 1 else "strong-unique-pair"
            points.append(replace(point, confidence="sure", confidence_reason=code))
        else:
            points.append(replace(point, confidence="check", confidence_reason=reason))
    return replace(report, points=tuple(points))
