"""No label, side name, path or claim text reaches a terminal report with its control characters."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import KREMLIN, WHITE_HOUSE, with_confidence
from test_check import make_call

from readout_diff.check import check_corpus
from readout_diff.readouts import readout_from_text
from readout_diff.render.check_terminal import render_check, render_check_lines
from readout_diff.render.claims_terminal import render_claims
from readout_diff.render.terminal import make_console, render_terminal
from readout_diff.report import compare

# A screen clear, a window title (OSC ended by ST), an 8-bit CSI, a bell, a bidi override.
HOSTILE = "\x1b[2J\x1b]0;PWNED\x1b\\\x9b31m\x07\u202e"
# What must never come out: C0 controls but the newline, DEL, C1 controls, invisible marks.
_RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def _plain(render) -> str:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    render(make_console(buffer, styles=False, width=80))
    return buffer.getvalue()


def _report(sides: int = 2):  # type: ignore[no-untyped-def]
    texts = [WHITE_HOUSE, KREMLIN, "The leaders discussed hockey matches and the ceasefire.\n"]
    readouts = [
        readout_from_text(
            text,
            name=f"side{k}",
            label=f"Side {k}{HOSTILE}",
            path=f"side{k}{HOSTILE}.txt",
        )
        for k, text in enumerate(texts[:sides])
    ]
    return compare(readouts)


@pytest.mark.parametrize("sides", [2, 3])
@pytest.mark.parametrize("explain", [False, True])
def test_the_terminal_report_shows_no_control_character(sides: int, explain: bool) -> None:
    # Every point to check: the "only in X" and "shared, not in X" headings are printed.
    report = with_confidence(_report(sides), sure=set())
    text = _plain(lambda c: render_terminal(report, c, explain=explain))
    assert "Check these" in text and "Side 0" in text
    assert "PWNED" not in text
    assert not _RAW.search(text), repr(_RAW.search(text))
    if sides == 3:
        assert "shared, not in" in text
    side = _plain(lambda c: render_terminal(report, c, side=report.sides[0].name))
    assert not _RAW.search(side)


def test_the_terminal_report_of_sure_verdicts_shows_no_control_character() -> None:
    text = _plain(lambda c: render_terminal(with_confidence(_report(3)), c, explain=True))
    assert "Only in Side 0" in text and not _RAW.search(text)


def test_the_claims_view_shows_no_control_character() -> None:
    readout = _report().sides[0]
    text = _plain(lambda c: render_claims(readout, c))
    assert "Side 0" in text and not _RAW.search(text)


def test_the_check_shows_no_control_character(tmp_path: Path) -> None:
    make_call(tmp_path / f"call{HOSTILE}", 'only:\n  white-house: ["no such words"]\n')
    result = check_corpus(str(tmp_path))
    for render in (render_check, render_check_lines):
        buffer = io.StringIO()
        render(result, make_console(buffer, styles=False, width=80, force_terminal=True))
        text = buffer.getvalue()
        assert "call" in text and not _RAW.search(text), repr(text)
