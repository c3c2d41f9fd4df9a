"""``review`` at a real terminal: a pseudo-terminal, keys sent one at a time, files checked."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from test_review import NORTH, SOUTH

from readout_diff.decisions import resolve
from readout_diff.load import load_decisions, load_readout

pexpect = pytest.importorskip("pexpect")


CALL = """title: Fisheries talks in Oslo
sides:
  - {file: north.txt, label: North}
  - {file: south.txt, label: South}
"""

ENV = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "PYTHONUNBUFFERED": "1"}


@pytest.fixture
def call(tmp_path: Path) -> Path:
    folder = tmp_path / "oslo"
    folder.mkdir()
    (folder / "north.txt").write_text(NORTH, encoding="utf-8")
    (folder / "south.txt").write_text(SOUTH, encoding="utf-8")
    (folder / "call.yaml").write_text(CALL, encoding="utf-8")
    return folder


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "readout_diff", *args],
        cwd=str(cwd),
        env=ENV,
        dimensions=(40, 80),
        encoding="utf-8",
        timeout=30,
    )
    return child


def answer(child: pexpect.spawn, progress: str, key: str) -> None:
    """Wait for the verdict numbered ``progress`` and its question, then press ``key``."""
    child.expect_exact(f"({progress})")
    child.expect(r"(Same point|Pair it with a claim you pick)\? \[[a-z?,]+\] ")
    child.send(key)


def decided_pairs(folder: Path) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    readouts = [load_readout(str(folder / f"{side}.txt")) for side in ("north", "south")]
    resolved = resolve(load_decisions(str(folder / "decisions.yaml")), readouts)
    return resolved.same, resolved.different


def point_of(report: dict, claim: str) -> dict:  # type: ignore[type-arg]
    return next(p for p in report["points"] if claim in p["claims"])


def quit_review(child: pexpect.spawn, until: str) -> None:  # type: ignore[type-arg]
    """Quit at every question left, see ``until`` on the screen, and the review end well."""
    while child.expect([r"\[[a-z?,]+\] ", "Settled report:"]) == 0:
        child.send("q")
    if until != "Settled report:":
        child.expect_exact(until)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_answers_are_written_and_the_next_compare_honours_them(call: Path) -> None:
    child = spawn("review", "oslo", cwd=call.parent)
    # Counted as compare counts them: the prices are two points, settled by one answer.
    child.expect_exact("5 verdicts to check; answers go to")
    # The least likely to be right come first: the weakest link, storms and sailors.
    answer(child, "1/5", "k")
    child.expect_exact("skipped; a later review will not ask it again")
    answer(child, "2/5", "?")  # the talks in Oslo
    child.expect_exact("u - undo the last answer")
    # How a question is found in compare's report, which shows no point ids: by its place.
    child.expect_exact("(3/13) is the 3rd of 13 verdicts compare lists under Check these")
    child.expect(r"Same point\? \[s,d,k,u,q,\?\] ")
    child.send("k")
    answer(child, "3/5", "d")  # the cod quota: the tool paired them; they differ
    child.expect_exact("different: saved in")
    child.expect_exact("(4-5/5) the tool found each of these only in its own readout")
    child.expect(r"Same point\? \[[a-z?,]+\] ")
    child.send("s")  # fish prices in the capital: kept apart; the same point
    child.expect_exact("same: saved in")
    # What the answers changed may raise more verdicts; leave them for later.
    quit_review(child, "verdicts left to check")

    same, different = decided_pairs(call)
    assert same == (("north:6", "south:5"),)
    assert different == (("north:2", "south:2"),)
    skips = (call / ".decisions.yaml.skipped").read_text(encoding="utf-8")
    assert skips.count("  - {north: ") == 2

    before = subprocess.run(
        [sys.executable, "-m", "readout_diff", "compare", "oslo", "-f", "json"],
        cwd=call.parent,
        capture_output=True,
        text=True,
        env=ENV,
    )
    report = json.loads(before.stdout)
    joined = point_of(report, "north:6")
    assert joined["claims"] == ["north:6", "south:5"]
    assert [link["rule"] for link in joined["links"]] == ["decided by a reader"]
    assert "south:2" not in point_of(report, "north:2")["claims"]
    # Without the file, the engine pairs the cod claims and keeps the prices apart.
    (call / "decisions.yaml").rename(call.parent / "elsewhere.yaml")
    bare = subprocess.run(
        [sys.executable, "-m", "readout_diff", "compare", "oslo", "-f", "json"],
        cwd=call.parent,
        capture_output=True,
        text=True,
        env=ENV,
    )
    engine = json.loads(bare.stdout)
    assert point_of(engine, "north:2")["claims"] == ["north:2", "south:2"]
    assert point_of(engine, "north:6")["claims"] == ["north:6"]


def test_quitting_and_starting_again_resumes_where_the_reader_stopped(call: Path) -> None:
    child = spawn("review", "oslo", cwd=call.parent)
    answer(child, "1/5", "s")
    answer(child, "2/5", "q")
    child.expect_exact("This review: 1 answer: 1 same, 0 different, 0 skipped.")
    child.expect_exact("4 verdicts left to check, 0 verdicts skipped.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    child = spawn("review", "oslo", cwd=call.parent)
    # A settled verdict is no longer one to check, as compare counts them.
    child.expect_exact("4 verdicts to check; answers go to")
    child.expect_exact("(1/4)")
    child.expect_exact("fishing quotas")  # the second verdict of the first review comes first
    child.expect(r"\[[a-z?,]+\] ")
    child.send("n")
    answer(child, "2/4", "q")
    child.expect(pexpect.EOF)
    child.close()

    child = spawn("review", "oslo", cwd=call.parent)
    child.expect_exact("3 verdicts left to check of 4 (1 answered or skipped before)")
    child.expect_exact("(1/3)")
    child.expect_exact("quota for cod")
    child.expect(r"\[[a-z?,]+\] ")
    child.sendcontrol("d")  # end of input: quit, as q
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert decided_pairs(call) == ((("north:3", "south:4"),), ())


def test_undo_takes_the_answer_out_of_the_file(call: Path) -> None:
    child = spawn("review", "oslo", cwd=call.parent)
    answer(child, "1/5", "s")
    answer(child, "2/5", "u")
    child.expect_exact("undone: same on north:3 ~ south:4")
    answer(child, "1/5", "d")
    answer(child, "2/5", "q")
    child.expect(pexpect.EOF)
    child.close()
    assert decided_pairs(call) == ((), (("north:3", "south:4"),))


def test_ctrl_c_keeps_every_answer_and_gives_the_terminal_back(call: Path) -> None:
    script = (
        "trap true INT; "
        f"stty -g > before; {sys.executable} -m readout_diff review oslo; echo rc=$?;"
        " stty -g > after"
    )
    child = pexpect.spawn(
        "sh", ["-c", script], cwd=str(call.parent), env=ENV, dimensions=(40, 80),
        encoding="utf-8", timeout=30,
    )  # fmt: skip
    answer(child, "1/5", "s")
    answer(child, "2/5", "\x03")
    child.expect_exact("Interrupted; every answer is saved in")
    child.expect_exact("rc=130")
    child.expect(pexpect.EOF)
    child.close()
    before = (call.parent / "before").read_text()
    assert before and before == (call.parent / "after").read_text()
    assert decided_pairs(call) == ((("north:3", "south:4"),), ())


def test_readout_files_need_a_decisions_file(call: Path) -> None:
    child = spawn("review", "oslo/north.txt", "oslo/south.txt", cwd=call.parent)
    child.expect_exact("needs --decisions FILE")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2

    # A decisions file written by hand: its entries stay.
    (call.parent / "mine.yaml").write_text(
        'different:\n  - {north: "joint panel", south: "scientific panel"}\n', encoding="utf-8"
    )
    child = spawn(
        "review", "oslo/north.txt", "oslo/south.txt", "--decisions", "mine.yaml",
        cwd=call.parent,
    )  # fmt: skip
    answer(child, "1/5", "s")
    answer(child, "2/5", "q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    # The file is written kind by kind: same, then different.
    written, kept = load_decisions(str(call.parent / "mine.yaml"))
    assert kept.phrases == (("north", "joint panel"), ("south", "scientific panel"))
    assert written.kind == "same" and [side for side, _ in written.phrases] == ["north", "south"]
    assert not (call.parent / ".mine.yaml.skipped").exists()
    assert not (call / "decisions.yaml").exists()


def test_without_a_terminal_it_refuses_with_one_line(call: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "readout_diff", "review", str(call)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "standard input is not" in lines[0]
    assert lines[0].startswith("readout-diff: error: review asks its questions at a terminal")
    assert not (call / "decisions.yaml").exists()


def test_a_point_of_several_uncertain_links_is_one_verdict_asked_link_by_link(
    tmp_path: Path,
) -> None:
    """compare lists it once under Check these; the review counts it once too."""
    (tmp_path / "east.txt").write_text(
        "The ministers talked about cod. The ministers talked about herring."
        " Sailors were thanked.\n",
        encoding="utf-8",
    )
    (tmp_path / "west.txt").write_text(
        "The ministers talked about cod and herring in the northern sea.\n", encoding="utf-8"
    )
    shown = subprocess.run(
        [sys.executable, "-m", "readout_diff", "compare", "east.txt", "west.txt", "--no-color"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert "Check these (1)" in shown.stdout
    child = spawn("review", "east.txt", "west.txt", "--decisions", "d.yaml", cwd=tmp_path)
    child.expect_exact("1 verdict to check; answers go to d.yaml")
    child.expect_exact("(1/1) the tool paired these, link 1 of 2 of its point")
    child.expect(r"\[[a-z?,]+\] ")
    child.send("k")
    child.expect_exact("(1/1) the tool paired these, link 2 of 2 of its point")
    child.expect(r"\[[a-z?,]+\] ")
    child.send("k")
    child.expect_exact("No verdict left to check.")
    child.expect_exact("This review: 2 answers: 0 same, 0 different, 2 skipped.")
    child.expect_exact("1 to check.")  # the settled report's summary
    child.expect_exact("0 verdicts left to check, 1 verdict skipped.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_decisions_file_that_cannot_be_written_is_refused_before_any_question(
    call: Path,
) -> None:
    """A corpus folder read-only to its reader: said at once, not at the first answer."""
    # As a reader without write access sees it: root may write anywhere, and tests may run as
    # root, so the access check itself is told the folder is read-only.
    script = (
        "import os, sys\n"
        "real = os.access\n"
        f"os.access = lambda p, m: real(p, m) and os.path.abspath(p) != {str(call)!r}\n"
        "from readout_diff.cli import main\n"
        "sys.argv = ['readout-diff', 'review', 'oslo']\n"
        "main()\n"
    )
    child = pexpect.spawn(
        sys.executable, ["-c", script], cwd=str(call.parent), env=ENV, dimensions=(40, 80),
        encoding="utf-8", timeout=30,
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    out = child.before.replace("\r", "")
    assert out == (
        "readout-diff: error: oslo/decisions.yaml: cannot be written: its folder oslo is"
        " read-only (by its mode or its owner), so no answer could be kept; make it writable,"
        " or give --decisions FILE elsewhere\n"
    )
    assert not (call / "decisions.yaml").exists()


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_decisions_file_or_folder_made_read_only_is_refused_even_to_root(
    call: Path, what: str
) -> None:
    """Its mode says read-only: refused before the first question, whoever runs the review."""
    home = call.parent / "settled"
    home.mkdir()
    target = home / "answers.yaml"
    target.write_text("same: []\n", encoding="utf-8")
    locked = target if what == "file" else home
    locked.chmod(0o444 if what == "file" else 0o555)
    try:
        child = spawn("review", "oslo", "--decisions", "settled/answers.yaml", cwd=call.parent)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 2
        assert child.before.replace("\r", "") == (
            "readout-diff: error: settled/answers.yaml: is read-only, so no answer could be"
            " kept: make it writable, or give --decisions FILE elsewhere\n"
            if what == "file"
            else "readout-diff: error: settled/answers.yaml: cannot be written: its folder"
            " settled is read-only (by its mode or its owner), so no answer could be kept; make"
            " it writable, or give --decisions FILE elsewhere\n"
        )
    finally:
        home.chmod(0o755)
        target.chmod(0o644)
    assert target.read_text(encoding="utf-8") == "same: []\n"
    assert sorted(p.name for p in home.iterdir()) == ["answers.yaml"]


def test_an_empty_file_made_to_hold_the_answers_receives_them(call: Path) -> None:
    target = call.parent / "answers.yaml"
    target.write_text("", encoding="utf-8")
    child = spawn("review", "oslo", "--decisions", "answers.yaml", cwd=call.parent)
    answer(child, "1/5", "d")
    child.expect_exact("saved in")
    answer(child, "2/5", "q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "different:" in target.read_text(encoding="utf-8")


def test_labels_and_the_decisions_path_reach_the_screen_without_control_characters(
    call: Path,
) -> None:
    hostile = "\\e[2J\\e]0;PWNED\\e\\\\\\x9b31m\\a"  # YAML: CSI, OSC, 8-bit CSI, bell
    (call / "call.yaml").write_text(
        CALL.replace("label: North", f'label: "North{hostile}"'), encoding="utf-8"
    )
    target = "answers\x1b]0;PWNED\x07.yaml"
    child = spawn("review", "oslo", "--decisions", target, cwd=call.parent)
    child.logfile_read = io.StringIO()
    child.expect_exact("answers go to")
    answer(child, "1/5", "d")
    child.expect_exact("saved in")
    answer(child, "2/5", "q")
    child.expect_exact("The whole report:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = child.logfile_read.getvalue()
    # Styles (bold, dim) are the only escape sequences the review writes.
    raw = re.search(r"\x1b(?!\[[0-9;]*m)|[\x07\x9b]", shown)
    assert raw is None, repr(shown[max(0, raw.start() - 60) : raw.end() + 60])
    assert "North" in shown and "Settled report" in shown
    assert (call.parent / target).exists()


@pytest.mark.parametrize(
    "how",
    ["call.yaml names expect.yaml", "--decisions expect.yaml", "--decisions call.yaml", "aliases"],
)
def test_the_decisions_file_is_never_another_file_the_review_reads(call: Path, how: str) -> None:
    expect = call / "expect.yaml"
    expect.write_text('only:\n  north: ["joint panel"]\n', encoding="utf-8")
    (call.parent / "spellings.yaml").write_text("panel: [board]\n", encoding="utf-8")
    args = {
        "call.yaml names expect.yaml": [],
        "--decisions expect.yaml": ["--decisions", "oslo/expect.yaml"],
        "--decisions call.yaml": ["--decisions", "oslo/call.yaml"],
        "aliases": ["--aliases", "spellings.yaml", "--decisions", "spellings.yaml"],
    }[how]
    if how == "call.yaml names expect.yaml":
        # An expect.yaml that also reads as decisions, so that loading the call succeeds.
        expect.write_text("{}\n", encoding="utf-8")
        (call / "call.yaml").write_text(CALL + "decisions: expect.yaml\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in [*call.iterdir(), call.parent / "spellings.yaml"]}
    child = spawn("review", "oslo", *args, cwd=call.parent)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    lines = child.before.replace("\r", "").splitlines()
    assert len(lines) == 1 and "is a file the review reads" in lines[0], lines
    assert lines[0].startswith("readout-diff: error: ")
    after = {p.name: p.read_bytes() for p in [*call.iterdir(), call.parent / "spellings.yaml"]}
    assert after == before


@pytest.mark.parametrize("width", [60, 80])
def test_long_paths_on_the_screen_wrap_at_slashes_and_hyphens_never_inside_a_word(
    tmp_path: Path, width: int
) -> None:
    deep = tmp_path / "fisheries-talks-of-the-north-atlantic" / "readouts-checked-by-the-desk"
    deep.mkdir(parents=True)
    (deep / "oslo").mkdir()
    for name, text in (("north.txt", NORTH), ("south.txt", SOUTH), ("call.yaml", CALL)):
        (deep / "oslo" / name).write_text(text, encoding="utf-8")
    folder = os.path.relpath(deep / "oslo", tmp_path)
    answers = os.path.relpath(
        deep / "answers-of-the-fisheries-desk-for-the-oslo-call.yaml", tmp_path
    )
    child = pexpect.spawn(
        sys.executable,
        ["-m", "readout_diff", "review", folder, "--decisions", answers],
        cwd=str(tmp_path),
        env=ENV,
        dimensions=(40, width),
        encoding="utf-8",
        timeout=30,
    )
    child.logfile_read = io.StringIO()
    answer(child, "1/5", "s")
    answer(child, "2/5", "q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = re.sub(r"\x1b\[[0-9;]*m", "", child.logfile_read.getvalue()).splitlines()
    start = next(k for k, line in enumerate(lines) if line == "The whole report:")
    # The command to copy is one line, whatever the width: the terminal wraps it for the eye.
    assert lines[start + 1] == f"readout-diff compare {folder} --decisions {answers}"
    assert max(len(line) for line in lines[: start + 1]) <= width
    (saved,) = [k for k, line in enumerate(lines) if line.strip().startswith("same: saved in")]
    shown = ""
    for line in lines[saved : saved + 3]:
        shown += ("" if not shown or shown.endswith(("/", "-")) else " ") + line.strip()
    assert shown.startswith(f"same: saved in {answers}"), lines[saved : saved + 3]


def test_a_decisions_link_to_nothing_is_refused_rather_than_written_through(
    call: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "outside" / "made.yaml"
    elsewhere.parent.mkdir()
    given = call.parent / "answers.yaml"
    given.symlink_to(elsewhere)
    (call / "decisions.yaml").symlink_to(elsewhere)
    runs = (
        (["review", "oslo"], "oslo/decisions.yaml: is a symbolic link to nothing"),
        (["review", "oslo/north.txt", "oslo/south.txt", "--decisions", "answers.yaml"],
         "answers.yaml: is a link to "),
    )  # fmt: skip
    for args, message in runs:
        child = spawn(*args, cwd=call.parent)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 2
        said = child.before.replace("\r", "")
        assert said.startswith(f"readout-diff: error: {message}"), said
        assert said.count("\n") == 1
        assert not elsewhere.exists()


def test_a_decisions_file_made_read_only_during_the_review_is_not_replaced(call: Path) -> None:
    """Each answer is a new file renamed over the old one: had the file been made read-only
    since the review began, that would replace it behind its owner's back. The answer is
    refused instead, in one line, and the file keeps what it held."""
    child = spawn("review", "oslo", cwd=call.parent)
    answer(child, "1/5", "d")
    child.expect_exact("different: saved in")
    target = call / "decisions.yaml"
    kept = target.read_text(encoding="utf-8")
    target.chmod(0o444)
    try:
        answer(child, "2/5", "s")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 2
        assert "oslo/decisions.yaml: was made read-only during the review" in child.before.replace(
            "\r\n", " "
        ).replace("\n", " ")
        assert "Traceback" not in child.before
        assert target.read_text(encoding="utf-8") == kept
        assert not target.stat().st_mode & 0o222
    finally:
        target.chmod(0o644)


def test_review_refuses_to_write_its_screen_into_a_file_it_reads(call: Path) -> None:
    """Standard output appended to a readout (``>> north.txt``): refused before any question."""
    before = (call / "north.txt").read_bytes()
    with (call / "north.txt").open("ab") as out:
        child = subprocess.run(
            [sys.executable, "-c", PTY_STDIN, "review", "oslo"],
            cwd=call.parent,
            env=ENV,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert child.returncode == 2, child.stderr
    assert "standard output is" in child.stderr and "a file the review reads" in child.stderr
    assert (call / "north.txt").read_bytes() == before


# Runs readout-diff with a pseudo-terminal on standard input only (stdout stays as given).
PTY_STDIN = (
    "import os, pty, sys\n"
    "master, slave = pty.openpty()\n"
    "os.dup2(slave, 0)\n"
    "sys.argv = ['readout-diff', *sys.argv[1:]]\n"
    "from readout_diff.cli import main\n"
    "main()\n"
)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_screen_that_cannot_be_written_is_one_line(call: Path) -> None:
    """Standard output on a full device: review says so in one line, as every command does."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-c", PTY_STDIN, "review", "oslo"],
            cwd=call.parent, env=ENV, stdout=full, stderr=subprocess.PIPE, text=True,
            timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "readout-diff: error: <stdout>: cannot write: No space left on device\n"


def test_again_asks_the_verdicts_an_earlier_review_skipped(call: Path) -> None:
    child = spawn("review", "oslo", cwd=call.parent)
    answer(child, "1/5", "k")
    child.expect_exact("skipped; a later review will not ask it again")
    answer(child, "2/5", "q")
    child.expect(pexpect.EOF)
    child.close()

    child = spawn("review", "oslo", cwd=call.parent)
    child.expect_exact("(1/4)")  # the skipped one is not asked
    child.expect(r"\[[a-z?,]+\] ")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()

    child = spawn("review", "oslo", "--again", cwd=call.parent)
    child.expect_exact("5 verdicts to check; answers go to")
    answer(child, "1/5", "s")  # the one skipped before, asked first again
    child.expect_exact("same: saved in")
    answer(child, "2/5", "q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert decided_pairs(call) == ((("north:3", "south:4"),), ())


EAST = """The two ministers spoke by telephone on Monday.
They looked back on what had been done since the Bergen summit, including the new limits on cod catches and the joint patrols of the fishing grounds.
The east minister raised the price of fuel for trawlers.
"""

WEST = """The ministers held a telephone call on Monday.
Cod catches will stay under the new limits, and patrols of the fishing grounds will go on jointly.
Both sides agreed to carry forward the spirit of the harbour accord.
Prices of fuel paid by the trawler fleets that sail from the northern harbours through the winter came up.
"""

BERGEN = "the tool found this only in East Coast"


def coasts(tmp_path: Path) -> Path:
    """Two readouts where a claim shares no word with its true partner: the summit looked
    back on (east:2) is the accord carried forward (west:4), and the tool finds it alone."""
    (tmp_path / "east.txt").write_text(EAST, encoding="utf-8")
    (tmp_path / "west.txt").write_text(WEST, encoding="utf-8")
    return tmp_path


def up_to(child: pexpect.spawn, header: str) -> None:
    """Skip every verdict before the one whose header reads ``header``."""
    while child.expect_exact([header, "] "]) == 1:
        child.send("k")
    child.expect(r"\] ")


def test_a_claim_with_no_candidate_is_paired_with_one_the_reader_picks(tmp_path: Path) -> None:
    folder = coasts(tmp_path)
    child = spawn(
        "review", "east.txt", "west.txt", "-n", "East Coast", "-n", "West Coast",
        "--decisions", "d.yaml", cwd=folder,
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    up_to(child, BERGEN)
    # Nothing near it, so no s or d; but o lists the other side's claims, the lone ones first.
    assert child.before.endswith("Pair it with a claim you pick? [o,k,q,?")
    child.send("s")
    child.expect_exact("press one of the keys in brackets")
    child.expect(r"\] ")
    child.send("o")
    child.expect_exact("Only in West Coast:")
    child.expect_exact("  1. Both sides agreed to carry forward the spirit of the harbour accord.")
    child.expect_exact("Paired by the tool:")
    child.expect_exact("  2. The ministers held a telephone call on Monday.")
    child.expect_exact("Same point as which West Coast claim? [1-5, Enter cancels] ")
    child.send("\r")  # Enter alone: back to the question, nothing written
    child.expect_exact("cancelled")
    child.expect_exact("Pair it with a claim you pick? [o,k,q,?] ")
    assert not (folder / "d.yaml").exists()
    child.send("o")
    child.expect_exact("[1-5, Enter cancels] ")
    child.send("9\r")
    child.expect_exact("9 is not in the list: 1 to 5")
    child.expect_exact("[1-5, Enter cancels] ")
    child.send("1\r")
    child.expect_exact("same as west-coast:4: saved in d.yaml")
    quit_review(child, "The whole report:")
    screen = re.sub(r"\x1b\[[0-9;]*m", "", child.logfile_read.getvalue())
    lines = screen.splitlines()
    assert "They come in the order compare lists them under Check these." in lines
    # No point id (p2): compare's report shows none; the place (1/3) is the row there.
    assert re.search(r"\bp\d+\b", screen) is None
    # Every line of the list is one line of the screen, cut with an ellipsis.
    listed = [line for line in lines if re.match(r"  \d\. ", line)]
    assert len(listed) == 10 and max(len(line) for line in listed) <= 80
    assert listed[-1] == (
        "  5. Prices of fuel paid by the trawler fleets that sail from the northern harbours…"[:79]
        + "…"
    )

    # Written as an s answer writes it: a same decision of two phrases, one a side.
    (decision,) = load_decisions(str(folder / "d.yaml"))
    assert decision.kind == "same"
    assert [side for side, _ in decision.phrases] == ["east-coast", "west-coast"]

    # The command the review ends with gives the report it settled: the same side names,
    # the pair joined as a reader decided.
    command = lines[lines.index("The whole report:") + 1]
    assert command == (
        "readout-diff compare east.txt west.txt --name 'East Coast' --name 'West Coast'"
        " --decisions d.yaml"
    )
    args = shlex.split(command)[1:]
    shown = subprocess.run(
        [sys.executable, "-m", "readout_diff", *args, "--no-color", "--width", "80"],
        cwd=folder, capture_output=True, text=True, env=ENV,
    )  # fmt: skip
    assert shown.stdout.startswith("readout-diff: East Coast vs West Coast\n"), shown.stderr
    assert "a reader decided these make one point" in shown.stdout
    as_json = subprocess.run(
        [sys.executable, "-m", "readout_diff", *args, "-f", "json"],
        cwd=folder, capture_output=True, text=True, env=ENV,
    )  # fmt: skip
    report = json.loads(as_json.stdout)
    joined = point_of(report, "east-coast:2")
    assert joined["claims"] == ["east-coast:2", "west-coast:4"]
    assert [link["rule"] for link in joined["links"]] == ["decided by a reader"]
    # Without the decisions, the engine keeps them apart.
    bare = subprocess.run(
        [sys.executable, "-m", "readout_diff", "compare", "east.txt", "west.txt", "-f", "json"],
        cwd=folder, capture_output=True, text=True, env=ENV,
    )  # fmt: skip
    assert point_of(json.loads(bare.stdout), "east:2")["claims"] == ["east:2"]


def test_a_pick_is_undone_as_an_answer_is(tmp_path: Path) -> None:
    folder = coasts(tmp_path)
    child = spawn("review", "east.txt", "west.txt", "--decisions", "d.yaml", cwd=folder)
    up_to(child, "the tool found this only in east")
    child.send("o")
    child.expect_exact("[1-5, Enter cancels] ")
    child.send("1\r")
    child.expect_exact("same as west:4: saved in d.yaml")
    assert resolve(load_decisions(str(folder / "d.yaml")), [
        load_readout(str(folder / f"{side}.txt")) for side in ("east", "west")
    ]).same == (("east:2", "west:4"),)  # fmt: skip
    child.expect(r"\[[a-z?,]+\] ")
    child.send("u")
    child.expect_exact("undone: same on east:2 ~ west:4")
    child.expect_exact("the tool found this only in east")  # asked again
    child.expect(r"\[[a-z?,]+\] ")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert load_decisions(str(folder / "d.yaml")) == ()


def test_with_three_sides_the_reader_picks_the_side_first(tmp_path: Path) -> None:
    folder = coasts(tmp_path)
    (folder / "south.txt").write_text(
        "Officials of the south joined the telephone call on Monday.\n"
        "Storms on the winter routes were a worry for every port.\n",
        encoding="utf-8",
    )
    child = spawn(
        "review", "east.txt", "west.txt", "south.txt", "--decisions", "d.yaml", cwd=folder
    )
    up_to(child, "the tool found this only in east")
    child.send("o")
    child.expect_exact("  1. west")
    child.expect_exact("  2. south")
    child.expect_exact("Pair it with a claim of which side? [1-2, Enter cancels] ")
    child.send("1\r")
    child.expect_exact("Only in west:")
    child.expect_exact("  1. Both sides agreed to carry forward the spirit of the harbour accord.")
    child.expect_exact("Same point as which west claim? [1-5, Enter cancels] ")
    child.send("1\r")
    child.expect_exact("same as west:4: saved in d.yaml")
    quit_review(child, "Settled report:")
    (decision,) = load_decisions(str(folder / "d.yaml"))
    assert decision.kind == "same" and [s for s, _ in decision.phrases] == ["east", "west"]


def test_the_report_command_keeps_every_option_that_shapes_the_report(call: Path) -> None:
    """Run as printed, it gives the very report the review settled (read as JSON)."""
    (call.parent / "spellings.yaml").write_text("panel: [board]\n", encoding="utf-8")
    given = [
        "--name", "North Shore", "--name", "South's Bay", "--threshold", "0.25",
        "--margin", "0.05", "--scorer", "fuzzy", "--aliases", "spellings.yaml", "--sentences",
        "--max-size", "800k",
    ]  # fmt: skip
    child = spawn(
        "review", "oslo/north.txt", "oslo/south.txt", *given, "--decisions", "d.yaml",
        cwd=call.parent,
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    child.expect(r"\[[a-z?,]+\] ")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = re.sub(r"\x1b\[[0-9;]*m", "", child.logfile_read.getvalue()).splitlines()
    command = lines[lines.index("The whole report:") + 1]
    assert "--name 'North Shore' --name 'South'\"'\"'s Bay'" in command
    args = shlex.split(command)
    assert args[:4] == ["readout-diff", "compare", "oslo/north.txt", "oslo/south.txt"]
    # No answer made the decisions file, so the command does not name it.
    assert args[4:] == given and not (call.parent / "d.yaml").exists()

    def report(*argv: str) -> dict:  # type: ignore[type-arg]
        done = subprocess.run(
            [sys.executable, "-m", "readout_diff", *argv, "-f", "json"],
            cwd=call.parent, capture_output=True, text=True, env=ENV,
        )  # fmt: skip
        return json.loads(done.stdout)  # type: ignore[no-any-return]

    printed = report(*args[1:])
    assert [side["label"] for side in printed["sides"]] == ["North Shore", "South's Bay"]
    assert printed == report("compare", "oslo/north.txt", "oslo/south.txt", *given)
    assert printed != report("compare", "oslo/north.txt", "oslo/south.txt")
