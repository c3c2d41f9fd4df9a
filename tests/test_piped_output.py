"""Terminal-style output piped or redirected: no line ends in a blank, styled or not."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from test_review import NORTH, SOUTH

from readout_diff.render.terminal import make_console
from readout_diff.render.trimmed import TrimmedLines

CODE = re.compile(r"\x1b\[[0-9;]*m")
CALLS = ROOT / "readouts"
TWO = CALLS / "2025-03-18-trump-putin"
THREE = CALLS / "2023-08-18-camp-david-trilateral"
ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")},
    "COLUMNS": "80",
}


def padded(text: str) -> list[str]:
    """The lines that end in a blank once their style codes are taken out."""
    return [line for line in CODE.sub("", text).split("\n") if line != line.rstrip()]


def tool(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "readout_diff", *map(str, args)]


def test_a_line_loses_its_trailing_blanks_and_keeps_its_style_codes() -> None:
    out = io.StringIO()
    stream = TrimmedLines(out)
    stream.write("id   text  \x1b[0m  \nnext\t \n")
    assert out.getvalue() == "id   text\x1b[0m\nnext\n"


def test_blanks_are_held_until_the_line_goes_on_or_ends() -> None:
    out = io.StringIO()
    stream = TrimmedLines(out)
    stream.write("Same point? [s,d] ")
    stream.flush()
    assert out.getvalue() == "Same point? [s,d]"  # the prompt is shown, its blank held
    stream.write("\x1b[1ms")
    stream.write("\x1b[0m   ")
    stream.write("\n  \nend")
    assert out.getvalue() == "Same point? [s,d] \x1b[1ms\x1b[0m\n\nend"


def test_a_console_on_a_terminal_writes_what_rich_gives() -> None:
    class Screen(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Screen()
    console = make_console(screen, styles=False, width=20)
    console.print("a", justify="left")
    assert screen.getvalue() == "a" + " " * 19 + "\n"  # a screen is drawn whole
    plain = io.StringIO()
    make_console(plain, styles=False, width=20).print("a", justify="left")
    assert plain.getvalue() == "a\n"


@pytest.mark.parametrize(
    "args",
    [
        ("claims", TWO / "kremlin.yaml"),
        ("claims", THREE / "rok-office.txt"),
        ("compare", TWO),
        ("compare", TWO, "--explain"),
        ("compare", THREE),
        ("check", CALLS),
        ("demo",),
    ],
    ids=["claims", "claims-text", "compare", "explain", "three-sides", "check", "demo"],
)
@pytest.mark.parametrize("color", ["never", "always"])
def test_piped_output_has_no_trailing_blank(args: tuple[str | Path, ...], color: str) -> None:
    out = subprocess.run(
        tool(*args, "--color", color), capture_output=True, text=True, env=ENV, check=False
    )
    assert out.returncode in (0, 1), out.stderr
    assert len(out.stdout.splitlines()) > 5
    assert bool(CODE.search(out.stdout)) == (color == "always")
    assert padded(out.stdout) == []


def test_a_report_written_to_a_file_has_no_trailing_blank(tmp_path: Path) -> None:
    for args in (("claims", TWO / "kremlin.yaml"), ("compare", THREE)):
        target = tmp_path / "out.txt"
        done = subprocess.run(tool(*args, "-o", target), capture_output=True, env=ENV, check=False)
        assert done.returncode in (0, 1), done.stderr
        text = target.read_text(encoding="utf-8")
        assert "\n" in text and padded(text) == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_reviews_summary_piped_has_no_trailing_blank(tmp_path: Path) -> None:
    """Keys come from a terminal, the dialogue and its summary go into a pipe. The long path
    of the call makes the last line of the summary wrap."""
    folder = tmp_path / ("a-folder-name-long-enough-that-the-command-line-has-to-wrap" * 2) / "oslo"
    folder.mkdir(parents=True)
    (folder / "north.txt").write_text(NORTH, encoding="utf-8")
    (folder / "south.txt").write_text(SOUTH, encoding="utf-8")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        tool("review", folder),
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**ENV, "TERM": "xterm"},
    )
    os.close(follower)
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + 60
    while b"q,?]" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            seen += chunk
    os.write(leader, b"q")
    rest, errors = process.communicate(timeout=60)
    os.close(leader)
    text = (seen + rest).decode("utf-8")
    assert process.returncode == 0, errors
    assert "Settled report:" in text and "The whole report:\nreadout-diff compare" in text
    assert padded(text) == []


def test_a_stream_that_cannot_encode_a_character_shows_a_mark_not_an_error() -> None:
    for encoding in ("ascii", "latin-1"):
        env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80"}
        done = subprocess.run(
            [sys.executable, "-m", "readout_diff", "demo"],
            capture_output=True,
            env=env,
            check=False,
        )
        assert done.returncode == 1 and done.stderr == b"", done.stderr
        text = done.stdout.decode(encoding)
        assert "Check these" in text and "?" in text


def test_plain_text_says_how_to_read_its_difference_marks() -> None:
    env = {**os.environ, "COLUMNS": "80"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "readout_diff", "demo"], capture_output=True, text=True, env=env
    )
    text = " ".join(done.stdout.split())
    assert "[-" in text and "{+" in text
    assert "Words that differ are marked [-so-] in the White House readout and {+so+}" in text
