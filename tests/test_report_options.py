"""The options that shape the report a person reads: colour, labels, --side, --hide-agreed,
--explain, shell completion, and a readout compared with itself. Colour is tested through a
pseudo-terminal, as a person sees it.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KREMLIN, WHITE_HOUSE, write
from typer.testing import CliRunner

from readout_diff.cli import app

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def run(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return env | {"COLUMNS": "80", "TERM": "xterm-256color"} | extra


def in_a_terminal(*args: str, **env: str) -> tuple[int, str]:
    """Run the tool with its output on a pseudo-terminal 80 columns wide."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "readout_diff", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=environment(**env),
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            process.kill()
            raise TimeoutError(args)
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # the other end closed: Linux reports EIO
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def piped(*args: str, **env: str) -> tuple[int, str]:
    out = subprocess.run(
        [sys.executable, "-m", "readout_diff", *args],
        capture_output=True,
        text=True,
        check=False,
        env=environment(**env),
    )
    assert out.stderr == ""
    return out.returncode, out.stdout


def codes(text: str) -> set[str]:
    return {p for code in SGR.findall(text) for p in code.split(";") if p}


def colours(text: str) -> set[str]:
    return {p for p in codes(text) if p.isdigit() and 30 <= int(p) <= 107 and p not in ("39", "49")}


def test_color_auto_styles_a_terminal_and_not_a_pipe() -> None:
    status, shown = in_a_terminal("demo")
    assert status == 1 and colours(shown) and "7" in codes(shown)  # reverse video on differences
    assert "{+" not in shown and "[-" not in shown
    assert max(len(SGR.sub("", line)) for line in shown.splitlines()) <= 80
    status, text = piped("demo")
    assert status == 1 and not SGR.search(text)
    assert "{+30 days+}" in text  # no styles: the differing words are marked in the text


def test_no_color_keeps_styles_and_force_color_styles_a_pipe() -> None:
    _, shown = in_a_terminal("demo", NO_COLOR="1")
    assert not colours(shown) and {"1", "7"} <= codes(shown)
    _, forced = piped("demo", FORCE_COLOR="1")
    assert colours(forced) and "{+" not in forced
    _, both = piped("demo", FORCE_COLOR="1", NO_COLOR="1")
    assert not colours(both) and "7" in codes(both)
    _, empty = piped("demo", FORCE_COLOR="")  # set but empty: as if not set
    assert not SGR.search(empty)


def test_color_always_and_never_override_the_terminal_and_the_environment() -> None:
    _, always = piped("demo", "--color", "always", NO_COLOR="1")
    assert colours(always)  # into less -R
    for args in (["--color", "never"], ["--no-color"]):
        _, never = in_a_terminal("demo", *args, FORCE_COLOR="1")
        assert "\x1b[" not in never and "{+30 days+}" in never and "[-" in never


def test_claims_and_check_take_the_color_option(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    for args in (["claims", str(pair[0])], ["check", str(pair[0].parent), "-j", "1"]):
        result = run(runner, *args, "--color", "always")
        assert SGR.search(result.stdout), args
        assert not SGR.search(run(runner, *args, "--color", "never").stdout), args
    assert run(runner, "demo", "--color", "sometimes").exit_code == 2


def test_a_name_with_spaces_names_and_labels_the_side(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    result = run(runner, "compare", *map(str, pair), "-n", "White House", "-n", "kr", "-f", "json")
    sides = json.loads(result.stdout)["sides"]
    assert [(s["name"], s["label"]) for s in sides] == [
        ("white-house", "White House"),
        ("kr", "kr"),
    ]
    assert all(c["id"].startswith("white-house:") for c in sides[0]["claims"])
    text = run(runner, "compare", *map(str, pair), "-n", "White House").stdout
    assert "Only in White House" in text and "The kremlin readout has no counterpart" in text


def test_a_label_ending_in_an_emoji_with_its_variation_selector_makes_a_name(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    """The name made from "Kremlin 🏛️" kept U+FE0F and was then refused as invisible."""
    label = "Kremlin \U0001f3db\ufe0f"
    result = run(runner, "compare", *map(str, pair), "-n", "wh", "-n", label, "-f", "json")
    sides = json.loads(result.stdout)["sides"]
    assert [(s["name"], s["label"]) for s in sides][1] == ("kremlin-\U0001f3db", label)


def test_labels_change_what_is_shown_not_the_names(
    runner: CliRunner, pair: tuple[Path, Path]
) -> None:
    args = ["compare", *map(str, pair), "--label", "The White House", "--label", "Kremlin"]
    sides = json.loads(run(runner, *args, "-f", "json").stdout)["sides"]
    assert [(s["name"], s["label"]) for s in sides] == [
        ("white-house", "The White House"),
        ("kremlin", "Kremlin"),
    ]
    text = run(runner, *args).stdout
    assert "Only in The White House" in text and "Only in Kremlin" in text
    too_many = run(
        runner, "compare", *map(str, pair), "--label", "a", "--label", "b", "--label", "c"
    )
    assert too_many.exit_code == 2 and "3 labels given for 2 sides" in too_many.stderr


def test_side_shows_only_what_one_side_left_out(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    whole = json.loads(run(runner, "compare", *map(str, pair), "-f", "json").stdout)
    texts = {c["id"]: c["text"] for s in whole["sides"] for c in s["claims"]}
    only_wh = [texts[p["claims"][0]] for p in whole["points"] if p["present"] == ["white-house"]]
    only_kr = [texts[p["claims"][0]] for p in whole["points"] if p["present"] == ["kremlin"]]
    assert only_wh and only_kr
    for name in ("kremlin", "KREMLIN"):  # a name or a label, in any case
        result = run(runner, "compare", *map(str, pair), "--side", name, "--color", "never")
        text = " ".join(result.stdout.split())
        assert result.exit_code == 1
        assert "Showing only what the kremlin readout left out" in text
        assert all(" ".join(t.split()[:5]) in text for t in only_wh)
        assert not any(" ".join(t.split()[:5]) in text for t in only_kr)
        assert "Only in kremlin" not in text and "In both" not in text
    markdown = run(runner, "compare", *map(str, pair), "--side", "kremlin", "-f", "markdown")
    assert (
        "## Only in white-house" in markdown.stdout and "## Only in kremlin" not in markdown.stdout
    )
    wrong = run(runner, "compare", *map(str, pair), "--side", "tass")
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert "--side: no side is named 'tass'; the sides are white-house, kremlin" in wrong.stderr


def test_hide_agreed_and_its_old_name_never_hide_one_sided_claims(runner: CliRunner) -> None:
    shown = {}
    for option in ("--hide-agreed", "--only-differences"):
        result = run(runner, "demo", option, "--color", "never", "--width", "200")
        assert result.exit_code == 1
        shown[option] = result.stdout
    assert shown["--hide-agreed"] == shown["--only-differences"]
    text = " ".join(shown["--hide-agreed"].split())
    assert "Iran must never be able to destroy Israel" in text
    assert "175 prisoners" in text
    data = json.loads(run(runner, "demo", "--hide-agreed", "-f", "json").stdout)
    assert data["summary"]["points"] == len(data["points"])  # JSON holds the whole report
    shared = [p for p in data["points"] if len(p["present"]) > 1]
    differ = [p for p in shared if p["differences"]]
    assert 0 < len(differ) < len(shared)
    # a pairing to check is never hidden: it stays for the reader to settle
    hidden = [p for p in shared if not p["differences"] and p["confidence"] == "sure"]
    if hidden:
        assert f"{len(hidden)} shared points on which the sides agree are hidden" in text
    else:
        assert "are hidden (--hide-agreed)" not in text
    assert re.search(rf"In both \({len(shared) - len(hidden)}\b", text)
    assert re.search(rf"In both \({len(shared)}\b", run(runner, "demo").stdout)


def test_explain_adds_the_rules_the_default_report_leaves_out(runner: CliRunner) -> None:
    brief = run(runner, "demo", "--color", "never", "--width", "80").stdout
    for option in ("--explain", "-v"):
        full = run(runner, "demo", option, "--color", "never", "--width", "80").stdout
        assert "under the threshold" in full and "scores 0." in full and "tied by:" in full
        assert "scorer weighted, threshold 0.20" in full
    for jargon in ("threshold", "mutual best match", "runner-up", "tied by", "score"):
        assert not re.search(rf"\b{jargon}\b", brief), jargon
    assert len(full.split()) > len(brief.split())


def test_compare_a_readout_with_itself_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", KREMLIN)
    result = run(runner, "compare", str(a), str(a), "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(s["name"], s["label"]) for s in data["sides"]] == [("a", "a"), ("a-2", "a (2)")]
    assert data["summary"]["one_sided"] == 0
    text = run(runner, "compare", str(a), str(a), "--color", "never").stdout
    assert "has a counterpart for each of the" in text
    # A claim of one content word is still the same point when both sides write it alike.
    short = write(
        tmp_path / "short.txt", "Talks covered arms control in Geneva. More at the OSCE.\n"
    )
    alike = json.loads(run(runner, "compare", str(short), str(short), "-f", "json").stdout)
    assert [p["confidence"] for p in alike["points"]] == ["sure", "sure"]
    three = run(runner, "compare", str(a), str(a), str(a), "-f", "json")
    assert [s["name"] for s in json.loads(three.stdout)["sides"]] == ["a", "a-2", "a-3"]
    assert three.exit_code == 0


def test_a_sentence_of_common_words_only_still_finds_its_twin(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Every content word of the last sentence is in more than 60 claims of the two copies:
    # too common to make candidates of themselves, but the same sentence is still a pair.
    lines = [f"Ukraine was discussed with regard to topic{k}." for k in range(30)]
    a = write(tmp_path / "a.txt", "\n".join([*lines, "The presidents discussed Ukraine."]) + "\n")
    result = run(runner, "compare", str(a), str(a), "-f", "json")
    assert result.exit_code == 0, result.stdout[-400:]
    data = json.loads(result.stdout)
    assert data["summary"]["one_sided"] == 0
    last = next(p for p in data["points"] if "a:31" in p["claims"])
    assert last["claims"] == ["a:31", "a-2:31"] and last["links"][0]["score"] == 1.0
    many = run(runner, "compare", *[str(a)] * 3, "-f", "json")
    assert many.exit_code == 0 and json.loads(many.stdout)["summary"]["one_sided"] == 0


def test_html_format_prints_one_page(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    result = run(runner, "compare", *map(str, pair), "-f", "html")
    assert result.exit_code == 1
    assert result.stdout.startswith("<!doctype html>") and result.stdout.endswith("</html>\n")
    assert result.stdout.count("<html") == 1 and "Iran must never" in result.stdout
    assert len(re.findall(r' id="c\d+-\d+"', run(runner, "demo", "-f", "html").stdout)) == 37
    refused = run(runner, "claims", str(pair[0]), "-f", "html")
    assert refused.exit_code == 2 and "'html' is not one of" in refused.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_scripts(shell: str) -> None:
    # Typer's own switch: name the shell instead of detecting the one the tool runs under.
    status, script = piped(
        "--show-completion", shell, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1"
    )
    assert status == 0
    assert "_READOUT_DIFF_COMPLETE" in script and f"complete_{shell}" in script


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_show_completion_detects_the_shell_it_runs_under() -> None:
    # "; exit $?" keeps bash as the parent process (a lone command would be exec'd), so the
    # shell is found whatever runs the suite: a terminal, or a job with no shell above it.
    command = f"{sys.executable} -m readout_diff --show-completion; exit $?"
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and "complete_bash" in out.stdout, out.stderr


def complete(shell: str, words: str) -> list[str]:
    """What the completion script's call into the tool answers for the words typed so far."""
    env = environment(_READOUT_DIFF_COMPLETE=f"complete_{shell}", _TYPER_COMPLETE_ARGS=words)
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - (words[-1:] != " "))}
    if shell == "fish":
        env |= {"_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    out = subprocess.run(
        [sys.executable, "-m", "readout_diff"], capture_output=True, text=True, env=env, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_offers_commands_and_options(shell: str) -> None:
    assert "compare" in " ".join(complete(shell, "readout-diff com"))
    options = " ".join(complete(shell, "readout-diff compare --hi"))
    assert "--hide-agreed" in options
    assert "always" in " ".join(complete(shell, "readout-diff demo --color "))


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_completion_works_in_bash(tmp_path: Path) -> None:
    """The script bash sources, then the completion bash asks for on Tab."""
    launcher = write(
        tmp_path / "readout-diff",
        f'#!/bin/sh\nexec {sys.executable} -m readout_diff "$@"\n',
    )
    launcher.chmod(0o755)
    env = environment(
        PATH=f"{tmp_path}:{os.environ.get('PATH', '')}",
        _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1",
    )
    script = subprocess.run(
        ["readout-diff", "--show-completion", "bash"], capture_output=True, text=True, env=env
    ).stdout
    body = (
        f"{script}\n"
        "COMP_WORDS=(readout-diff compare --si); COMP_CWORD=2\n"
        "_readout_diff_completion readout-diff\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run(["bash", "-c", body], capture_output=True, text=True, env=env)
    assert out.stdout.split() == ["--side"], out.stderr


def test_a_long_label_fits_the_width(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", WHITE_HOUSE)
    b = write(tmp_path / "b.txt", KREMLIN)
    label = "The Office of the President of a Country With a Very Long Name"
    result = run(runner, "compare", str(a), str(b), "--label", label, "--width", "60")
    assert max(len(line) for line in result.stdout.splitlines()) <= 60


def test_a_columns_of_zero_or_of_millions_gives_a_report_of_a_sane_width() -> None:
    for value, widest in (("0", 80), ("abc", 80), ("1000000", 1000), ("60", 60)):
        status, out = piped("demo", COLUMNS=value)
        assert status == 1 and "Check these" in out, value
        assert max(len(line) for line in out.splitlines()) <= widest, value
    # On a terminal, COLUMNS=0 means the terminal's own width.
    status, out = in_a_terminal("demo", COLUMNS="0")
    assert "Check these" in out
