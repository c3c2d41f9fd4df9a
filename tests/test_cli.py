"""The command line: wiring, formats, exit codes and error messages (not the algorithms)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KREMLIN, ROOT, WHITE_HOUSE, write
from typer.main import get_command
from typer.testing import CliRunner

from readout_diff import __version__
from readout_diff.cli import app


def run(runner: CliRunner, *args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"readout-diff {__version__}"


def test_every_command_has_help_text_with_an_example() -> None:
    group = get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert set(commands) == {"compare", "claims", "demo", "check", "aliases", "schema", "review"}
    for name, command in commands.items():
        assert command.help and "Example:" in command.help, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name} has no help"


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in get_command(app).commands:  # type: ignore[attr-defined]
        assert f"readout-diff {name}" in readme, name


def test_compare_exits_1_when_something_is_one_sided(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    result = run(runner, "compare", str(pair[0]), str(pair[1]), "--no-color")
    assert result.exit_code == 1
    assert "Only in white-house" in result.stdout and "Only in kremlin" in result.stdout


def test_compare_exits_0_when_nothing_is_one_sided(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", WHITE_HOUSE)
    b = write(tmp_path / "b.txt", WHITE_HOUSE)
    assert run(runner, "compare", str(a), str(b)).exit_code == 0


def test_compare_json_is_the_only_thing_on_stdout(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    result = run(runner, "compare", str(pair[0]), str(pair[1]), "--format", "json")
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1 and result.exit_code == 1


def test_compare_markdown(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    result = run(runner, "compare", str(pair[0]), str(pair[1]), "-f", "markdown")
    assert result.stdout.startswith("# readout-diff:")


def test_names_override_the_file_stems(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    result = run(
        runner, "compare", str(pair[0]), str(pair[1]), "-n", "wh", "-n", "kr", "-f", "json"
    )
    assert [s["name"] for s in json.loads(result.stdout)["sides"]] == ["wh", "kr"]


def test_a_call_folder_and_stdin(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    result = run(runner, "compare", str(pair[0].parent), "-f", "json")
    assert [s["name"] for s in json.loads(result.stdout)["sides"]] == ["kremlin", "white-house"]
    result = run(runner, "compare", "-", str(pair[1]), "-f", "json", input=WHITE_HOUSE)
    assert [s["name"] for s in json.loads(result.stdout)["sides"]] == ["stdin", "kremlin"]


def test_names_for_a_call_folder_are_refused_as_they_would_follow_file_name_order(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    # The folder's sides come as kremlin, white-house: "-n 'White House'" would label the
    # Kremlin's text White House.
    for option in ("-n", "--label"):
        result = run(runner, "compare", str(pair[0].parent), option, "White House")
        assert result.exit_code == 2 and result.stdout == ""
        line = result.stderr.strip()
        assert line.count("\n") == 0 and "call.yaml" in line, line
        assert "(kremlin.txt, white-house.txt)" in line, line


def test_aliases_file_from_the_command_line(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "The leaders spoke of the Maryland retreat. Hockey was raised.")
    b = write(tmp_path / "b.txt", "Camp David was named as the venue. Trade was raised.")
    table = write(tmp_path / "aliases.yaml", "campdavid: [Camp David, Maryland retreat]\n")
    without = json.loads(run(runner, "compare", str(a), str(b), "-f", "json").stdout)
    with_table = json.loads(
        run(runner, "compare", str(a), str(b), "-f", "json", "--aliases", str(table)).stdout
    )
    assert without["summary"]["shared"] == 0
    assert with_table["summary"]["shared"] == 1


def test_aliases_from_call_yaml(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "The leaders spoke of the Maryland retreat. Hockey was raised.")
    write(tmp_path / "b.txt", "Camp David was named as the venue. Trade was raised.")
    write(tmp_path / "call.yaml", "aliases:\n  campdavid: [Camp David, Maryland retreat]\n")
    data = json.loads(run(runner, "compare", str(tmp_path), "-f", "json").stdout)
    assert data["summary"]["shared"] == 1


def test_claims_command(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    result = run(runner, "claims", str(pair[0]), "--no-color")
    assert result.exit_code == 0
    assert "white-house:1" in result.stdout and "skipped line 1 (title)" in result.stdout
    data = json.loads(run(runner, "claims", str(pair[0]), "-f", "json").stdout)
    assert data["side"]["claims"][0]["id"] == "white-house:1"
    assert data["skipped"][0]["reason"] == "title"


def test_demo_shows_what_each_side_left_out(runner: CliRunner) -> None:
    result = run(runner, "demo", "-f", "json")
    data = json.loads(result.stdout)
    texts = {c["id"]: c["text"] for s in data["sides"] for c in s["claims"]}
    only = {
        p["present"][0]: [texts[c] for c in p["claims"]]
        for p in data["points"]
        if len(p["present"]) == 1
    }
    only_wh = [
        t
        for p in data["points"]
        if p["present"] == ["white-house"]
        for t in (texts[c] for c in p["claims"])
    ]
    only_kr = [
        t
        for p in data["points"]
        if p["present"] == ["kremlin"]
        for t in (texts[c] for c in p["claims"])
    ]
    assert only
    assert any("Iran" in t for t in only_wh)
    assert any("military aid" in t for t in only_kr)
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda d: [str(d / "missing.txt"), str(d / "b.txt")],
            "missing.txt: no such file or directory",
        ),
        (lambda d: [str(write(d / "e.txt", "")), str(d / "b.txt")], "e.txt: is empty"),
        (
            lambda d: [str(write(d / "x.yaml", "side: [a\n")), str(d / "b.txt")],
            "x.yaml:2:1: YAML error",
        ),
        (
            lambda d: [str(write(d / "bin.txt", b"\x00\x01\x02")), str(d / "b.txt")],
            "bin.txt:1:1: looks binary",
        ),
        (lambda d: [str(d / "b.txt")], "compare needs two or more readouts"),
        # A misspelt call folder is not found, rather than one readout too few.
        (lambda d: [str(d / "no-such-call")], "no-such-call: no such file or directory"),
        (
            lambda d: [
                str(d / "b.txt"),
                str(write(d / "sub" / "b.txt", KREMLIN) if (d / "sub").mkdir() is None else ""),
            ],
            "two sides are named 'b'",
        ),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    runner: CliRunner,
    tmp_path: Path,
    make,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    write(tmp_path / "b.txt", KREMLIN)
    result = runner.invoke(app, ["compare", *make(tmp_path), "-f", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert lines[0].startswith("readout-diff: error: ")


def test_unexpected_errors_are_one_line_with_a_debug_hint(
    runner: CliRunner, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import readout_diff.report as report

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(report, "compare", boom)
    result = run(runner, "compare", str(pair[0]), str(pair[1]))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "readout-diff: error: internal error: RuntimeError: kaboom"
        " (rerun with --debug for the traceback)"
    ]
    debug = run(runner, "compare", str(pair[0]), str(pair[1]), "--debug")
    assert isinstance(debug.exception, RuntimeError)


def test_no_color_env_and_pipe_give_plain_text(pair: tuple[Path, Path]) -> None:
    def styles(**env: str) -> set[str]:
        out = subprocess.run(
            [sys.executable, "-m", "readout_diff", "compare", str(pair[0]), str(pair[1])],
            capture_output=True,
            text=True,
            check=False,
            env={k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")} | env,
        )
        assert out.returncode == 1 and out.stderr == ""
        return {p for code in re.findall(r"\x1b\[([0-9;]*)m", out.stdout) for p in code.split(";")}

    def colours(found: set[str]) -> set[str]:
        return {p for p in found if p.isdigit() and 30 <= int(p) <= 107 and p not in ("39", "49")}

    assert styles() == set()  # piped: plain text
    assert colours(styles(FORCE_COLOR="1"))  # a terminal: colour
    no_colour = styles(FORCE_COLOR="1", NO_COLOR="1")
    assert "1" in no_colour and not colours(no_colour)  # NO_COLOR: bold, no colour


def test_compare_refuses_a_readout_file_call_yaml_does_not_list(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    folder = pair[0].parent
    write(folder / "call.yaml", "sides: [white-house.txt, kremlin.txt]\n")
    write(folder / "extra.md", "A stray readout.")
    result = run(runner, "compare", str(folder), "-f", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"readout-diff: error: {folder / 'extra.md'}: not listed under 'sides' in call.yaml;"
        " list it, or move it out of the call folder"
    ]


def test_a_misspelt_side_is_reported_before_the_file_it_meant(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    folder = pair[0].parent
    write(folder / "call.yaml", "sides:\n  - white-house.txt\n  - kremlin-missing.txt\n")
    result = run(runner, "compare", str(folder))
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "kremlin-missing.txt" in lines[0], lines
    assert "no such file" in lines[0] and ":3:" in lines[0], lines


def test_a_missing_side_names_its_line_in_call_yaml(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    folder = pair[0].parent
    write(folder / "call.yaml", "title: A call\nsides:\n  - white-house.txt\n  - kremlin.txt\n")
    pair[1].unlink()
    result = run(runner, "compare", str(folder))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"readout-diff: error: {folder / 'call.yaml'}:4: side 2 names {pair[1]}:"
        " no such file or directory"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["claims", str(ROOT / "readouts" / "2025-03-18-trump-putin" / "kremlin.yaml")],
        ["claims", "-", "-f", "json"],
        ["demo"],
        ["demo", "-f", "markdown"],
        ["check", str(ROOT / "readouts"), "-j", "1", "-f", "json"],
        ["check", str(ROOT / "readouts"), "-j", "1"],
        ["--help"],
        ["--version"],
    ],
)
def test_a_closed_pipe_exits_141_quietly(args: list[str]) -> None:
    """Like a process a shell saw killed by SIGPIPE (| head), not 1 (differences found)."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the tool writes anything
    try:
        out = subprocess.run(
            [sys.executable, "-m", "readout_diff", *args],
            input=WHITE_HOUSE.encode(),
            stdout=writer,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    finally:
        os.close(writer)
    assert (out.returncode, out.stderr) == (141, b"")


def help_text(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    return result.stdout


def test_usage_lines_read_like_the_arguments_they_take(runner: CliRunner) -> None:
    usage = {
        name: help_text(runner, name).splitlines()[0]
        for name in ("compare", "claims", "demo", "check")
    }
    assert usage == {
        "compare": "Usage: readout-diff compare [OPTIONS] READOUT...",
        "claims": "Usage: readout-diff claims [OPTIONS] READOUT",
        "demo": "Usage: readout-diff demo [OPTIONS]",
        "check": "Usage: readout-diff check [OPTIONS] [DIR]",
    }


def test_scorer_choices_are_listed_and_checked(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    from readout_diff.score import SCORERS

    for name in ("compare", "check"):
        (scorer,) = [p for p in get_command(app).commands[name].params if p.name == "scorer"]  # type: ignore[attr-defined]
        assert tuple(scorer.type.choices) == SCORERS
        assert "--scorer <weighted|fuzzy|semantic>" in help_text(runner, name)
    result = run(runner, "compare", str(pair[0]), str(pair[1]), "--scorer", "exact")
    assert (
        result.exit_code == 2
        and "'exact' is not one of 'weighted', 'fuzzy', 'semantic'" in result.stderr
    )
    fuzzy = run(runner, "compare", str(pair[0]), str(pair[1]), "--scorer", "fuzzy", "-f", "json")
    assert json.loads(fuzzy.stdout)["settings"]["scorer"] == "fuzzy"


def test_the_command_list_shows_each_command_whole(runner: CliRunner) -> None:
    text = help_text(runner)
    listed = text[text.index("Commands:") :].splitlines()[1:]
    assert [line.split()[0] for line in listed] == [
        "compare",
        "claims",
        "demo",
        "check",
        "aliases",
        "schema",
        "review",
    ]
    assert all(len(line) <= 80 and not line.endswith("...") for line in listed), listed


def test_check_help_keeps_min_score_whole(runner: CliRunner) -> None:
    lines = help_text(runner, "check").splitlines()
    assert not [line for line in lines if line.rstrip().endswith("--min-")]
    assert all(len(line) <= 80 for line in lines)


def test_no_command_prints_the_help_to_stderr_and_exits_2() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "readout_diff"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("Usage: readout-diff [OPTIONS] COMMAND") and "check" in out.stderr


def test_exit_1_when_a_third_side_lacks_a_point_the_others_share(
    runner: CliRunner, tmp_path: Path
) -> None:
    both = "The energy ceasefire was agreed. Hockey matches between the leagues are planned.\n"
    sides = [
        write(tmp_path / "a.txt", both),
        write(tmp_path / "b.txt", both),
        write(tmp_path / "c.txt", "The energy ceasefire was agreed.\n"),
    ]
    result = run(runner, "compare", *map(str, sides), "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"]["one_sided"] == 0
    assert report["summary"]["sides"]["c"]["lacks"] == 1
    assert result.exit_code == 1
    same = run(runner, "compare", str(sides[0]), str(sides[1]), "--format", "json")
    assert same.exit_code == 0


def test_compare_on_a_corpus_points_to_check(runner: CliRunner) -> None:
    result = run(runner, "compare", str(ROOT / "readouts"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.rstrip().endswith(
        "it holds call folders: check it with 'readout-diff check'"
    )


def test_claims_of_a_yaml_text_name_the_lines_of_the_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    # The text starts on line 5: the lines skipped as metadata and the claims are named by
    # the file's lines, in the listing and in the JSON.
    path = write(
        tmp_path / "kr.yaml",
        "side: kremlin\ntitle: A call\ndate: 2025-01-01\ntext: |\n  Note for the press\n\n"
        "  For release at noon\n\n  The leaders spoke.\n  They agreed on a ceasefire.\n",
    )
    data = json.loads(run(runner, "claims", str(path), "-f", "json").stdout)
    assert [(s["line"], s["start"], s["end"]) for s in data["skipped"]] == [(5, 0, 18), (7, 20, 39)]
    assert [(c["line"], c["start"]) for c in data["side"]["claims"]] == [(9, 41), (10, 60)]
    shown = run(runner, "claims", str(path), "--width", "80").stdout
    assert "skipped line 5 (title): Note for the press" in shown
    assert "skipped line 7 (line without final punctuation): For release at noon" in shown


@pytest.mark.parametrize("width", ["60", "80"])
def test_claims_wraps_a_long_path_at_slashes_and_hyphens(
    runner: CliRunner, tmp_path: Path, width: str
) -> None:
    folder = (
        tmp_path / "readouts-of-the-fisheries-desk-kept-for-checking" / "oslo-talks-of-the-north"
    )
    folder.mkdir(parents=True)
    path = write(folder / "kremlin-readout-of-the-call.txt", KREMLIN)
    lines = run(runner, "claims", str(path), "--width", width).stdout.splitlines()
    assert max(len(line) for line in lines) <= int(width)
    start = next(k for k, line in enumerate(lines) if line.strip().startswith(str(tmp_path)[:20]))
    text = ""
    for line in lines[start:]:  # joined back: nothing after a "/" or "-", else a space
        if text.endswith(".txt"):
            break
        text += ("" if not text or text.endswith(("/", "-")) else " ") + line.strip()
    assert text == str(path)


def test_a_file_name_with_spaces_or_a_colon_names_its_side_with_hyphens(
    runner: CliRunner, tmp_path: Path
) -> None:
    a = write(tmp_path / "white house.txt", WHITE_HOUSE)
    b = write(tmp_path / "a:b.txt", KREMLIN)
    result = runner.invoke(app, ["compare", str(a), str(b), "-f", "json"])
    assert result.exit_code == 1, result.stderr
    sides = json.loads(result.stdout)["sides"]
    assert [(s["name"], s["label"]) for s in sides] == [
        ("white-house", "white house"),
        ("a-b", "a:b"),
    ]
    named = runner.invoke(app, ["compare", "-n", "wh", "-n", "kr", str(a), str(b), "-f", "json"])
    assert [s["name"] for s in json.loads(named.stdout)["sides"]] == ["wh", "kr"]
