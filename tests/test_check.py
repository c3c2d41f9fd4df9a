"""The corpus check: expectations, the score, JUnit, parallel runs, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import KREMLIN, ROOT, WHITE_HOUSE, write
from typer.testing import CliRunner

from readout_diff.check import CheckOptions, check_corpus
from readout_diff.cli import app
from readout_diff.errors import InputError
from readout_diff.expect import Score, parse_expectations
from readout_diff.render.check_output import render_junit

EXPECT = """only:
  white-house: ["Iran must never"]
  kremlin: ["military aid", "prisoner exchange"]
shared:
  - {white-house: "hockey matches", kremlin: "idea of hockey"}
  - {white-house: "ceasefire on energy", kremlin: "energy facilities"}
"""


def make_call(folder: Path, expect: str = EXPECT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / "white-house.txt", WHITE_HOUSE)
    write(folder / "kremlin.txt", KREMLIN)
    write(folder / "expect.yaml", expect)
    return folder


def test_parse_expectations_and_their_errors() -> None:
    found = parse_expectations(
        {
            "only": {"a": ["x", "y"]},
            "shared": [{"a": "p", "b": "q"}],
            "differs": [{"a": "1", "b": "2", "kind": "number"}],
        },
        path="e.yaml",
        sides=["a", "b"],
    )
    assert [(e.kind, e.phrases, e.difference) for e in found] == [
        ("only", (("a", "x"),), None),
        ("only", (("a", "y"),), None),
        ("shared", (("a", "p"), ("b", "q")), None),
        ("differs", (("a", "1"), ("b", "2")), "number"),
    ]
    for data, message in [
        ({"onyl": {}}, "unknown key 'onyl'"),
        ({"only": {"c": ["x"]}}, "unknown side 'c'"),
        ({"only": {"a": [""]}}, "non-empty string"),
        ({"shared": [{"a": "x"}]}, "two or more sides"),
        ({"shared": {"a": "x"}}, "must be a list"),
        ({"differs": [{"a": "x", "b": "y", "kind": "colour"}]}, "needs a 'kind'"),
        (["x"], "must be a mapping"),
        ({"only": []}, "'only' must map each side"),
        ({"only": {"a": ["x", "X"]}}, r"lists a: 'X' twice \(item 1 and 2\)"),
    ]:
        with pytest.raises(InputError, match=message):
            parse_expectations(data, path="e.yaml", sides=["a", "b"])


def test_score_arithmetic() -> None:
    score = Score(only_met=3, only_total=4, shared_met=1, shared_total=4)
    assert score.only_rate == 0.75 and score.shared_rate == 0.25 and score.balanced == 0.5
    assert Score(2, 2, 0, 0).balanced == 1.0
    assert Score().balanced is None
    total = Score(1, 2, 1, 1) + Score(1, 2, 0, 1)
    assert (total.only_rate, total.shared_rate, total.balanced) == (0.5, 0.5, 0.5)


def test_a_call_meeting_its_expectations(tmp_path: Path) -> None:
    make_call(tmp_path / "call-a")
    result = check_corpus(str(tmp_path))
    (call,) = result.calls
    assert call.failed == 0 and not call.invalid and result.exit_code == 0
    assert call.score.balanced == 1.0


def test_a_wrong_expectation_fails_and_says_what_happened(tmp_path: Path) -> None:
    make_call(
        tmp_path / "call-a",
        EXPECT + '  - {white-house: "ending the war", kremlin: "Moscow insisted"}\n',
    )
    result = check_corpus(str(tmp_path))
    (outcome,) = [o for o in result.calls[0].outcomes if not o.met]
    assert "white-house:" in outcome.detail and "the expected pair scores" in outcome.detail
    assert result.exit_code == 1


def test_a_phrase_matching_no_claim_or_several_is_a_corpus_error(tmp_path: Path) -> None:
    make_call(tmp_path / "c1", 'only:\n  kremlin: ["not in the text"]\n')
    make_call(tmp_path / "c2", 'only:\n  kremlin: ["the"]\n')
    result = check_corpus(str(tmp_path))
    errors = [o.error for c in result.calls for o in c.outcomes]
    assert "matches no claim of kremlin" in (errors[0] or "")
    assert "matches 2 claims of kremlin" in (errors[1] or "")
    assert (errors[0] or "").startswith(str(tmp_path / "c1" / "expect.yaml") + ":2:")
    assert result.exit_code == 2


def test_an_unlocated_phrase_names_its_line_and_is_not_scored(tmp_path: Path) -> None:
    make_call(
        tmp_path / "c1",
        'only:\n  kremlin: "not in the text"\n  white-house: ["Iran must never"]\n'
        "shared:\n  - {white-house: Readout of the President, kremlin: telephone}\n",
    )
    (call,) = check_corpus(str(tmp_path)).calls
    errors = [o.error for o in call.outcomes if o.error]
    assert errors[0] == (
        f"{tmp_path / 'c1' / 'expect.yaml'}:2: phrase 'not in the text' matches no claim of kremlin"
    )
    assert "skipped as metadata (title), not in a claim" in errors[1]
    # the one expectation located holds, but a score on part of the call's expectations is
    # no score of the call: it has none
    assert (call.met, call.failed, call.scored) == (1, 0, False)
    assert call.score == Score()


def test_a_call_with_a_broken_expectation_shows_no_score_and_says_why(
    runner: CliRunner, tmp_path: Path
) -> None:
    import io
    import re

    from readout_diff.render.check_terminal import render_check
    from readout_diff.render.terminal import make_console

    # b-broken meets the five expectations a-good meets; its sixth names no one claim
    make_call(tmp_path / "a-good")
    make_call(
        tmp_path / "b-broken", EXPECT + '  - {white-house: "the", kremlin: "idea of hockey"}\n'
    )
    result = check_corpus(str(tmp_path))
    good, broken = result.calls
    assert good.scored and good.score.total == 5 and good.score.balanced == 1.0
    assert not broken.scored and broken.score == Score() and (broken.met, broken.failed) == (5, 0)
    # the corpus score pools only the calls that have a score, and says it left one out
    assert result.score == good.score and result.unscored == 1

    out = io.StringIO()
    render_check(result, make_console(out, color=False, width=80, force_terminal=True))
    lines = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()).splitlines()
    (row,) = [line for line in lines if line.startswith(" b-broken")]
    assert row.split()[-3:] == ["5", "0", "invalid"], row
    (row,) = [line for line in lines if line.startswith(" a-good")]
    assert row.split()[-3:] == ["5", "0", "1.00"], row
    assert "  b-broken is not scored: 1 of its 6 expectations cannot be evaluated" in lines
    (score,) = [k for k, line in enumerate(lines) if line.startswith("Corpus score: ")]
    assert " ".join(lines[score : score + 2]).endswith("accuracy 1.00 (1 call not scored)")

    code, log, _ = (lambda r: (r.exit_code, r.stdout.splitlines(), r.stderr))(
        runner.invoke(app, ["check", str(tmp_path)])
    )
    assert code == 2
    (row,) = [line for line in log if line.startswith("b-broken")]
    assert row.split()[-1] == "invalid"
    assert "not scored: b-broken: 1 of its 6 expectations cannot be evaluated" in log
    data = json.loads(runner.invoke(app, ["check", str(tmp_path), "-f", "json"]).stdout)
    by_name = {c["name"]: c for c in data["calls"]}
    assert by_name["b-broken"]["score"] is None and by_name["a-good"]["score"]["balanced"] == 1.0
    assert by_name["b-broken"]["expectations"] == {"total": 6, "met": 5, "failed": 0}
    assert data["score"]["only_total"] == 3 and data["summary"]["exit_code"] == 2
    markdown = runner.invoke(app, ["check", str(tmp_path), "-f", "markdown"]).stdout
    (row,) = [line for line in markdown.splitlines() if line.startswith("| b-broken |")]
    assert row.endswith("| 5 | 0 | invalid |"), row
    assert "- b-broken is not scored: 1 of its 6 expectations cannot be evaluated" in markdown


def test_all_invalid_files_are_reported_in_one_run(tmp_path: Path) -> None:
    make_call(tmp_path / "c1")
    write(tmp_path / "c1" / "white-house.txt", b"\xff\xfe\x00")
    make_call(tmp_path / "c2")
    write(tmp_path / "c2" / "kremlin.txt", "")
    write(tmp_path / "c2" / "expect.yaml", "only: [")
    result = check_corpus(str(tmp_path))
    messages = [e for c in result.calls for e in c.errors]
    assert len(messages) == 3
    assert any("c2/kremlin.txt: is empty" in m for m in messages)
    assert any("c2/expect.yaml" in m and "YAML error" in m for m in messages)
    assert result.exit_code == 2
    junit = write(tmp_path / "report.xml", render_junit(result))
    root = assert_valid_junit(junit)
    assert (root.get("tests"), root.get("errors")) == ("3", "3")


def test_parallel_run_equals_serial(tmp_path: Path) -> None:
    for k in range(12):
        make_call(tmp_path / f"call-{k:02d}")
    shutil.copytree(ROOT / "readouts", tmp_path, dirs_exist_ok=True)
    serial = check_corpus(str(tmp_path), jobs=1)
    parallel = check_corpus(str(tmp_path), jobs=3)
    assert serial.calls == parallel.calls


def assert_valid_junit(path: Path) -> ET.Element:
    """Parse JUnit XML and check its shape: every count matches the cases it sums."""
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in root:
        assert suite.tag == "testsuite" and suite.get("name")
        cases = suite.findall("testcase")
        assert [c.tag for c in suite if c.tag != "properties"] == ["testcase"] * len(cases)
        outcomes = [[e.tag for e in case] for case in cases]
        assert all(len(o) <= 1 and set(o) <= {"failure", "error", "skipped"} for o in outcomes)
        assert all(case.get("name") and case.get("classname") for case in cases)
        counts = {
            "tests": len(cases),
            "failures": sum(o == ["failure"] for o in outcomes),
            "errors": sum(o == ["error"] for o in outcomes),
            "skipped": sum(o == ["skipped"] for o in outcomes),
        }
        for key, value in counts.items():
            assert suite.get(key) == str(value), (suite.get("name"), key)
            totals[key] += value
    for key, value in totals.items():
        assert root.get(key) == str(value), key
    return root


def test_junit_is_valid_xml_with_a_case_per_expectation(runner: CliRunner, tmp_path: Path) -> None:
    make_call(
        tmp_path / "corpus" / "call-a",
        EXPECT + '  - {white-house: "ending the war", kremlin: "Moscow insisted"}\n',
    )
    out = tmp_path / "report.xml"
    result = runner.invoke(app, ["check", str(tmp_path / "corpus"), "--junit", str(out), "-j", "1"])
    assert result.exit_code == 1
    root = assert_valid_junit(out)
    cases = root.findall(".//testcase")
    assert len(cases) == 6
    assert len(root.findall(".//failure")) == 1 and root.get("failures") == "1"
    assert root.get("skipped") == "0"


def test_check_json_gives_scores_per_call_and_overall(runner: CliRunner, tmp_path: Path) -> None:
    make_call(tmp_path / "call-a")
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "json", "-j", "1"])
    data = json.loads(result.stdout)
    assert data["score"]["balanced"] == 1.0
    assert data["calls"][0]["score"]["only_total"] == 3
    assert data["summary"]["exit_code"] == 0 == result.exit_code


def test_min_score_lets_ci_pass_above_a_floor(runner: CliRunner, tmp_path: Path) -> None:
    make_call(
        tmp_path / "call-a",
        EXPECT + '  - {white-house: "ending the war", kremlin: "Moscow insisted"}\n',
    )
    assert runner.invoke(app, ["check", str(tmp_path), "-j", "1"]).exit_code == 1
    assert (
        runner.invoke(app, ["check", str(tmp_path), "-j", "1", "--min-score", "0.8"]).exit_code == 0
    )
    assert (
        runner.invoke(app, ["check", str(tmp_path), "-j", "1", "--min-score", "0.95"]).exit_code
        == 1
    )


def test_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["check", str(tmp_path / "nope")]).exit_code == 2
    assert runner.invoke(app, ["check", str(write(tmp_path / "f.txt", "x."))]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["check", str(empty)])
    assert result.exit_code == 2 and "holds no call folders" in result.stderr


# The bundled example corpus is the second accuracy measurement: its balanced accuracy
# must not fall below this floor (raise it when the engine improves).
README_FLOOR = 0.76


def test_the_example_corpus_is_valid_and_scores_above_its_floor(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["check", str(ROOT / "readouts"), "-j", "1", "--min-score", str(README_FLOOR)]
    )
    assert result.exit_code == 0, result.stdout


def test_the_demo_is_the_first_example_call() -> None:
    for name in ("call.yaml", "white-house.yaml", "kremlin.yaml"):
        bundled = ROOT / "readout_diff" / "data" / "demo" / name
        example = ROOT / "readouts" / "2025-03-18-trump-putin" / name
        assert bundled.read_bytes() == example.read_bytes(), name


def test_check_options_change_the_outcome(tmp_path: Path) -> None:
    make_call(tmp_path / "call-a")
    strict = check_corpus(str(tmp_path), options=CheckOptions(threshold=1.0))
    assert strict.calls[0].score.shared_met < strict.calls[0].score.shared_total


def test_differs_expectations_name_a_kind_of_difference(tmp_path: Path) -> None:
    met = (
        EXPECT
        + 'differs:\n  - {white-house: "ceasefire on energy", kremlin: "energy facilities", kind: number}\n'
    )
    make_call(tmp_path / "met", met)
    wrong = (
        EXPECT
        + 'differs:\n  - {white-house: "ceasefire on energy", kremlin: "energy facilities", kind: stance}\n'
    )
    make_call(tmp_path / "wrong", wrong)
    result = check_corpus(str(tmp_path))
    by_name = {c.name: c for c in result.calls}
    assert by_name["met"].failed == 0 and by_name["met"].score.differs_rate == 1.0
    (miss,) = [o for o in by_name["wrong"].outcomes if not o.met]
    assert miss.expectation.kind == "differs"
    assert "differences found: " in miss.detail and "number" in miss.detail


def test_a_readout_file_not_listed_in_call_yaml_is_an_error(tmp_path: Path) -> None:
    folder = make_call(tmp_path / "call-a")
    write(folder / "call.yaml", "sides: [white-house.txt, kremlin.txt]\n")
    write(folder / "extra.txt", "A stray readout.")
    (call,) = check_corpus(str(tmp_path)).calls
    assert call.errors == (
        f"{folder / 'extra.txt'}: not listed under 'sides' in call.yaml; list it, or move it"
        " out of the call folder",
    )


def test_invalid_files_also_go_to_stderr_one_line_each(runner: CliRunner, tmp_path: Path) -> None:
    make_call(tmp_path / "c1")
    write(tmp_path / "c1" / "kremlin.txt", "")
    result = runner.invoke(app, ["check", str(tmp_path), "-j", "1", "-f", "json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["summary"]["invalid"] == 1
    assert result.stderr.splitlines() == [
        f"readout-diff: error: {tmp_path / 'c1' / 'kremlin.txt'}: is empty"
    ]


def test_min_score_verdict_is_printed_and_in_json(runner: CliRunner, tmp_path: Path) -> None:
    make_call(
        tmp_path / "call-a",
        EXPECT + '  - {white-house: "ending the war", kremlin: "Moscow insisted"}\n',
    )
    text = runner.invoke(
        app, ["check", str(tmp_path), "-j", "1", "--min-score", "0.8", "--no-color"]
    )
    assert "Balanced accuracy 0.8333 >= --min-score 0.8000: passed." in text.stdout
    data = json.loads(
        runner.invoke(
            app, ["check", str(tmp_path), "-j", "1", "--min-score", "0.9", "-f", "json"]
        ).stdout
    )
    assert data["settings"]["min_score"] == 0.9
    assert data["summary"]["passed"] is False and data["summary"]["exit_code"] == 1


def test_terminal_check_shows_whole_call_names_at_80_columns(tmp_path: Path) -> None:
    import io
    import re

    from readout_diff.render.check_terminal import render_check
    from readout_diff.render.terminal import make_console

    name = "2099-01-01-a-rather-long-call-folder-name"
    make_call(
        tmp_path / name,
        EXPECT + '  - {white-house: "ending the war", kremlin: "Moscow insisted"}\n',
    )
    result = check_corpus(str(tmp_path))
    out = io.StringIO()
    render_check(result, make_console(out, color=False, width=80, force_terminal=True))
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    lines = text.splitlines()
    assert result.exit_code == 1 and max(len(line) for line in lines) <= 80
    assert "…" not in text
    row = next(k for k, line in enumerate(lines) if line.startswith(f" {name[:20]}"))
    assert name in "".join(lines[k].split()[0] for k in (row, row + 1))
    failure = next(line for line in lines if line.startswith(" • "))
    assert name in failure


def test_a_missing_side_is_reported_at_its_line_in_call_yaml(tmp_path: Path) -> None:
    folder = make_call(tmp_path / "call-a")
    write(folder / "call.yaml", "sides:\n  - white-house.txt\n  - {file: kremlin.txt}\n")
    (folder / "kremlin.txt").unlink()
    (call,) = check_corpus(str(tmp_path)).calls
    assert call.errors == (
        f"{folder / 'call.yaml'}:3: side 2 names {folder / 'kremlin.txt'}: no such file or directory",
    )


def test_nothing_to_score_fails_a_floor_and_warns_without_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    make_call(tmp_path / "call-a")
    make_call(tmp_path / "call-b")
    for name in ("call-a", "call-b"):
        (tmp_path / name / "expect.yaml").rename(tmp_path / f"{name}-expect.yaml.bak")
    floor = runner.invoke(app, ["check", str(tmp_path), "-j", "1", "--min-score", "0.9"])
    assert floor.exit_code == 1
    assert (
        "No 'only' or 'shared' expectation to score; --min-score 0.9000 needs at least one: failed."
        in " ".join(floor.stdout.split())
    )
    data = json.loads(
        runner.invoke(
            app, ["check", str(tmp_path), "-j", "1", "--min-score", "0.9", "-f", "json"]
        ).stdout
    )
    assert data["summary"]["passed"] is False and data["summary"]["exit_code"] == 1
    assert data["summary"]["verdict"].startswith("No 'only' or 'shared' expectation to score")
    plain = runner.invoke(app, ["check", str(tmp_path), "-j", "1", "-f", "json"])
    assert plain.exit_code == 0
    assert plain.stderr.splitlines() == [
        "readout-diff: warning: nothing to score: no 'only' or 'shared' expectation in"
        " call-a, call-b (expectations go in each call's expect.yaml)"
    ]
    assert json.loads(plain.stdout)["summary"]["warning"].startswith("nothing to score")


def test_a_scored_corpus_has_no_warning(runner: CliRunner, tmp_path: Path) -> None:
    make_call(tmp_path / "call-a")
    make_call(tmp_path / "call-b", "only: {}\n")
    result = runner.invoke(app, ["check", str(tmp_path), "-j", "1", "-f", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["summary"]["warning"] is None


def test_junit_under_min_score_agrees_with_the_exit_status(
    runner: CliRunner, tmp_path: Path
) -> None:
    make_call(
        tmp_path / "corpus" / "call-a",
        EXPECT + '  - {white-house: "ending the war", kremlin: "Moscow insisted"}\n',
    )
    out = tmp_path / "report.xml"
    args = ["check", str(tmp_path / "corpus"), "--junit", str(out), "-j", "1", "--min-score"]
    assert runner.invoke(app, [*args, "0.8"]).exit_code == 0
    root = assert_valid_junit(out)
    assert (root.get("failures"), root.get("errors"), root.get("skipped")) == ("0", "0", "1")
    (skipped,) = root.findall(".//skipped")
    assert "tolerated by --min-score 0.8" in (skipped.get("message") or "")
    assert "the expected pair scores" in (skipped.text or "")
    (floor,) = root.findall("testsuite[@name='corpus score']/testcase")
    assert floor.get("name") == "balanced accuracy >= 0.8" and len(floor) == 0
    properties = {
        p.get("name"): p.get("value")
        for p in root.findall("testsuite[@name='corpus score']/properties/property")
    }
    assert properties == {"balanced_accuracy": "0.8333", "min_score": "0.8"}

    assert runner.invoke(app, [*args, "0.95"]).exit_code == 1
    root = assert_valid_junit(out)
    assert (root.get("failures"), root.get("skipped")) == ("1", "1")
    (failure,) = root.findall("testsuite[@name='corpus score']/testcase/failure")
    assert failure.get("message") == ("Balanced accuracy 0.8333 < --min-score 0.9500: failed.")


def test_junit_never_overwrites_a_file_of_the_corpus(runner: CliRunner, tmp_path: Path) -> None:
    call = make_call(tmp_path / "c1")
    before = (call / "kremlin.txt").read_bytes()
    result = runner.invoke(
        app, ["check", str(tmp_path), "-j", "1", "--junit", str(call / "kremlin.txt")]
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"readout-diff: error: {call / 'kremlin.txt'}: is a file the check reads;"
        " write the report elsewhere\n"
    )
    assert (call / "kremlin.txt").read_bytes() == before


@pytest.mark.parametrize("content", ["5\n", "true\n", "- kyiv\n"])
def test_an_aliases_file_that_is_not_a_mapping_is_refused(
    runner: CliRunner, tmp_path: Path, content: str
) -> None:
    make_call(tmp_path / "c1")
    aliases = write(tmp_path / "aliases.yaml", content)
    result = runner.invoke(app, ["check", str(tmp_path), "-j", "1", "--aliases", str(aliases)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"readout-diff: error: {aliases}:1: aliases must be a mapping")


def test_a_side_misspelt_in_call_yaml_is_pointed_at_from_the_expectation_naming_it(
    tmp_path: Path,
) -> None:
    call = make_call(tmp_path / "corpus" / "call")
    write(
        call / "call.yaml",
        "sides:\n"
        "  - {file: white-house.txt, name: white-house}\n"
        "  - {file: kremlin.txt, name: kremln}\n",
    )
    result = CliRunner().invoke(app, ["check", str(tmp_path / "corpus")])
    assert result.exit_code == 2
    assert (
        "expect.yaml:3: unknown side 'kremlin'; this call's sides (as call.yaml names them) are"
        " white-house, kremln: is 'kremln' misspelt in call.yaml, or 'kremlin' here?"
    ) in " ".join(result.output.split())
    # Without a call.yaml the sides are the files' names: the nearest one is suggested.
    with pytest.raises(InputError, match=r"did you mean 'kremlin'\?"):
        parse_expectations({"only": {"kremlim": ["x"]}}, path="e", sides=["kremlin", "usa"])


def unwrapped(lines: list[str]) -> str:
    """Wrapped lines joined back: with nothing after a line ending in "/" or "-", which is
    where a path may break, else with a space."""
    text = ""
    for line in lines:
        text += ("" if not text or text.endswith(("/", "-")) else " ") + line.strip()
    return text


@pytest.mark.parametrize("width", [60, 80])
def test_long_paths_in_the_check_wrap_at_slashes_and_hyphens_never_inside_a_word(
    tmp_path: Path, width: int
) -> None:
    import io
    import re

    from readout_diff.baseline import parse_baseline
    from readout_diff.render.check_terminal import render_check
    from readout_diff.render.terminal import make_console

    corpus = tmp_path / "a-corpus-of-readouts-kept-for-the-newsroom" / "calls-checked-every-night"
    make_call(corpus / "2099-01-01-oslo-fisheries-talks", 'only:\n  kremlin: ["not in the text"]\n')
    make_call(corpus / "2099-01-02-oslo-fisheries-talks")
    known = str(tmp_path / "baselines-of-the-newsroom" / "oslo-fisheries-known-failures.yaml")
    baseline = parse_baseline({"failing": {"2099-01-02-oslo-fisheries-talks": {}}}, path=known)
    result = check_corpus(str(corpus), baseline=baseline)
    out = io.StringIO()
    render_check(result, make_console(out, color=False, width=width, force_terminal=True))
    lines = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()).splitlines()
    assert max(len(line) for line in lines) <= width
    start = lines.index("Invalid (1)") + 1
    section = lines[start : lines.index("", start)]
    (message,) = result.calls[0].messages
    assert len(message) > 2 * width  # it has to wrap, and its path alone is wider than a line
    why = "2099-01-01-oslo-fisheries-talks is not scored: 1 of its 1 expectations cannot be"
    assert unwrapped(section) == f"{why} evaluated {message}", section
    # every line of the section hangs under the first
    assert all(line.startswith("  ") for line in section), section
    # the baseline's path too, in the verdict
    (verdict,) = [k for k, line in enumerate(lines) if line.startswith("Baseline ")]
    assert unwrapped(lines[verdict:]).startswith(f"Baseline {known}: "), lines[verdict:]


def _demo_call(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus" / "call"
    shutil.copytree(ROOT / "readouts" / "2025-03-18-trump-putin", folder)
    return folder


def test_two_sides_of_one_name_are_reported_before_the_expectations(tmp_path: Path) -> None:
    folder = _demo_call(tmp_path)
    meta = folder / "call.yaml"
    meta.write_text(meta.read_text().replace("name: kremlin", "name: white-house"))
    result = CliRunner().invoke(app, ["check", str(folder.parent)])
    assert result.exit_code == 2
    invalid = [line for line in result.stdout.splitlines() if line.startswith("invalid:")]
    assert len(invalid) == 1, result.stdout
    assert "call.yaml:" in invalid[0] and "two sides are named 'white-house'" in invalid[0]
    assert "rename one in call.yaml" in invalid[0] and "--name" not in invalid[0]
    assert "unknown side" not in result.stdout


def test_a_phrase_both_one_sided_and_paired_is_a_labelling_mistake(tmp_path: Path) -> None:
    folder = _demo_call(tmp_path)
    expect = folder / "expect.yaml"
    text = expect.read_text()
    assert '"Iran must never"' in text
    expect.write_text(
        text.replace(
            "shared:\n",
            'shared:\n  - {white-house: "Iran must never", kremlin: "root causes"}\n',
            1,
        )
    )
    result = CliRunner().invoke(app, ["check", str(folder.parent)])
    assert result.exit_code == 2
    invalid = [line for line in result.stdout.splitlines() if line.startswith("invalid:")]
    assert len(invalid) == 2, result.stdout
    assert all("lists under 'only': one of the two is a mistake" in line for line in invalid)
    assert any("pairs white-house: 'Iran must never', which line" in line for line in invalid)


def test_worker_processes_fit_the_open_file_limit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import resource

    from readout_diff.check import process_room

    monkeypatch.setattr(resource, "getrlimit", lambda _: (256, 4096))
    assert process_room() == 56
    unlimited = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
    monkeypatch.setattr(resource, "getrlimit", lambda _: unlimited)
    assert process_room() >= 1000
    monkeypatch.undo()
    for k in range(20):
        (tmp_path / f"c{k}").mkdir()
        write(tmp_path / f"c{k}" / "white-house.txt", WHITE_HOUSE)
        write(tmp_path / f"c{k}" / "kremlin.txt", KREMLIN)

    def few_files() -> None:
        resource.setrlimit(
            resource.RLIMIT_NOFILE, (48, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
        )

    done = subprocess.run(
        [sys.executable, "-m", "readout_diff", "check", str(tmp_path), "--jobs", "20", "-f", "json"],
        capture_output=True, text=True, check=False, preexec_fn=few_files,
    )  # fmt: skip
    assert "internal error" not in done.stderr and done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["calls"] == 20


def test_a_call_folder_that_cannot_be_listed_is_that_call_s_error_not_the_corpus_s(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner, tmp_path: Path
) -> None:
    for name in ("a", "d"):
        (tmp_path / name).mkdir()
        write(tmp_path / name / "white-house.txt", WHITE_HOUSE)
        write(tmp_path / name / "kremlin.txt", KREMLIN)
    listdir = os.listdir

    def refused(path: str) -> list[str]:  # what mode 000 does to anyone but root
        if os.path.basename(str(path)) == "d":
            raise PermissionError(13, "Permission denied")
        return listdir(path)

    monkeypatch.setattr(os, "listdir", refused)
    result = runner.invoke(app, ["check", str(tmp_path), "-j", "1", "-f", "json"])
    assert result.exit_code == 2
    calls = {c["name"]: c["errors"] for c in json.loads(result.stdout)["calls"]}
    assert calls["a"] == [] and calls["d"] == [
        f"{tmp_path / 'd'}: cannot be listed: Permission denied"
    ]


@pytest.mark.parametrize("target", ["c1/a.txt", "c1/expect.yaml", "base.yaml"])
def test_check_refuses_standard_output_that_is_a_file_it_reads(tmp_path: Path, target: str) -> None:
    """``check corpus >> corpus/c1/a.txt`` would append the report to a readout (or to its
    expectations, or the baseline): refused before any work, the file unchanged."""
    corpus = tmp_path / "corpus"
    (corpus / "c1").mkdir(parents=True)
    write(corpus / "c1" / "a.txt", "The leaders agreed on trade. They discussed energy.\n")
    write(corpus / "c1" / "b.txt", "The presidents agreed on trade. They talked about Iran.\n")
    write(corpus / "c1" / "expect.yaml", 'only:\n  b: ["about Iran"]\n')
    write(tmp_path / "base.yaml", "failing: {}\n")
    path = tmp_path / target if target == "base.yaml" else corpus / target
    before = path.read_bytes()
    args = [sys.executable, "-m", "readout_diff", "check", str(corpus)]
    if target == "base.yaml":
        args += ["--baseline", str(path)]
    with path.open("ab") as out:
        done = subprocess.run(args, stdout=out, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "standard output is" in done.stderr
    assert "a file the check reads" in done.stderr
    assert path.read_bytes() == before


def test_an_open_file_limit_with_no_room_for_workers_checks_in_one_process(tmp_path: Path) -> None:
    """``ulimit -n 12`` leaves no room for a pool of workers: the check runs in its own
    process, as with --jobs 1, rather than failing for want of file descriptors."""
    import resource

    for k in range(12):
        (tmp_path / f"c{k}").mkdir()
        write(tmp_path / f"c{k}" / "a.txt", f"The leaders agreed on trade {k}.\n")
        write(tmp_path / f"c{k}" / "b.txt", f"Trade {k} was agreed by the leaders.\n")
        write(
            tmp_path / f"c{k}" / "expect.yaml",
            'shared:\n  - {a: "agreed on trade", b: "was agreed"}\n',
        )

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (12, 12))

    outputs = []
    for jobs in ("4", "1"):
        done = subprocess.run(
            [sys.executable, "-m", "readout_diff", "check", str(tmp_path), "--jobs", jobs],
            capture_output=True, text=True, timeout=120, preexec_fn=low_limit,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert "shared 1.00 (12/12)" in outputs[0]


def test_a_call_folder_of_expectations_without_readouts_is_invalid_not_passed_over(
    tmp_path: Path,
) -> None:
    """A folder left with its expect.yaml alone was skipped: the check passed without it."""
    make_call(tmp_path / "a-call")
    (tmp_path / "b-call").mkdir()
    write(tmp_path / "b-call" / "expect.yaml", EXPECT)
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'b-call'}: a call folder needs at least two readout files" in result.stderr
    assert "b-call" in result.stdout


def test_junit_cases_say_where_their_expectation_is_written(tmp_path: Path) -> None:
    make_call(tmp_path / "a-call")
    result = check_corpus(str(tmp_path))
    cases = ET.fromstring(render_junit(result)).iter("testcase")
    located = [(c.get("file"), c.get("line")) for c in cases if c.get("name") != "files are valid"]
    assert located and all(f == str(tmp_path / "a-call" / "expect.yaml") for f, _ in located)
    assert sorted(int(line) for _, line in located) == sorted(
        o.expectation.line for o in result.calls[0].outcomes
    )


def test_one_call_folder_checked_alone_takes_the_corpus_decisions_file(tmp_path: Path) -> None:
    """A corpus-wide --decisions file named calls "not in" a single call folder: exit 2."""
    make_call(tmp_path / "a-call")
    make_call(tmp_path / "b-call")
    decided = write(
        tmp_path / "decided.yaml",
        "a-call:\n  different: []\nb-call:\n  different: []\n",
    )
    alone = CliRunner().invoke(
        app, ["check", str(tmp_path / "a-call"), "--decisions", str(decided)]
    )
    assert alone.exit_code in (0, 1), alone.stderr
    write(decided, "a-call:\n  different: []\nno-call:\n  different: []\n")
    whole = CliRunner().invoke(app, ["check", str(tmp_path), "--decisions", str(decided)])
    assert whole.exit_code == 2 and "no-call" in whole.stderr
