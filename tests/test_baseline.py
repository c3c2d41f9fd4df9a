"""The ratchet for CI: a baseline of known failures that may shrink but never grow."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import KREMLIN, ROOT, WHITE_HOUSE, validator, write
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from readout_diff.baseline import baseline_text, parse_baseline, read_baseline
from readout_diff.check import check_corpus
from readout_diff.cli import app
from readout_diff.errors import InputError
from readout_diff.expect import Expectation
from readout_diff.normalize import fold
from readout_diff.safe_yaml import node_lines, parse_yaml

# Two met, two failing: the claim about hockey is shared, and so is the energy ceasefire.
EXPECT = """only:
  white-house: ["Iran must never"]
  kremlin: ["military aid", "idea of hockey"]
shared:
  - {white-house: "ceasefire on energy", kremlin: "energy facilities"}
  - {white-house: "ending the war", kremlin: "prisoner exchange"}
"""


def make_corpus(root: Path, expect: str = EXPECT) -> Path:
    for name in ("call-a", "call-b"):
        folder = root / name
        folder.mkdir(parents=True)
        write(folder / "white-house.txt", WHITE_HOUSE)
        write(folder / "kremlin.txt", KREMLIN)
        write(folder / "expect.yaml", expect)
    return root


def check(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args, "-j", "1"])
    return result.exit_code, result.stdout, result.stderr


def baselined(runner: CliRunner, tmp_path: Path) -> tuple[Path, Path]:
    """The two-call corpus, and the baseline of its failures today."""
    corpus = make_corpus(tmp_path / "corpus")
    known = tmp_path / "known.yaml"
    assert check(runner, str(corpus), "--write-baseline", str(known))[0] == 0
    return corpus, known


def failing_labels(data: dict[str, object]) -> list[tuple[str, str, str]]:
    return [
        (call["name"], failure["kind"], failure["status"])  # type: ignore[index]
        for call in data["calls"]  # type: ignore[attr-defined]
        for failure in call["failures"]
    ]


def test_the_ratchet_passes_on_known_failures_fails_on_a_new_one_and_reports_a_fixed_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    known = tmp_path / "known.yaml"
    assert check(runner, str(corpus))[0] == 1  # today's failures fail a plain check

    code, out, err = check(runner, str(corpus), "--write-baseline", str(known))
    assert code == 0 and err == ""
    entries = read_baseline(str(known), max_bytes=10**6).entries
    assert [(c, e.kind) for c, e in entries] == [
        ("call-a", "only"),
        ("call-a", "shared"),
        ("call-b", "only"),
        ("call-b", "shared"),
    ]
    assert out.rstrip().endswith(
        f"Baseline {known} written: 4 known failures; a check with --baseline fails only on"
        " new ones."
    ), out

    # today's failures: passes, each shown as known
    code, out, _ = check(runner, str(corpus), "--baseline", str(known))
    assert code == 0
    assert out.count("known failure: call-") == 4 and "\nnew failure:" not in out
    assert f"Baseline {known}: no new failure (4 known): passed." in out

    # a newly broken expectation fails the check, and is named
    broken = EXPECT.replace('"military aid"', '"military aid", "halt to strikes"')
    write(corpus / "call-b" / "expect.yaml", broken)
    code, out, _ = check(runner, str(corpus), "--baseline", str(known))
    assert code == 1
    (line,) = [line for line in out.splitlines() if line.startswith("new failure:")]
    assert line.startswith("new failure: call-b only kremlin: 'halt to strikes' -- kremlin:2")
    assert f"Baseline {known}: 1 new failure (4 known): failed." in out

    # a known failure that no longer fails is reported, so the baseline can be tightened
    write(corpus / "call-a" / "expect.yaml", EXPECT.replace(', "idea of hockey"', ""))
    write(corpus / "call-b" / "expect.yaml", EXPECT)
    code, out, _ = check(runner, str(corpus), "--baseline", str(known))
    assert code == 0
    assert (
        "no longer failing: call-a only kremlin: 'idea of hockey': is no longer in the call's"
        " expectations" in out
    )
    assert f"Baseline {known}: no new failure (3 known; 1 of its entries no longer fails)" in out


def test_a_baseline_entry_that_passes_now_is_reported_in_every_format(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    known = write(
        tmp_path / "known.yaml",
        "failing:\n  call-a:\n    only:\n      kremlin: [military aid, idea of hockey]\n",
    )
    code, out, _ = check(runner, str(corpus), "--baseline", str(known), "-f", "json")
    data = json.loads(out)
    assert code == 1  # call-a's shared failure and all of call-b's are new
    assert data["summary"]["baseline"]["now_passing"] == [
        {
            "call": "call-a",
            "kind": "only",
            "difference": None,
            "phrases": {"kremlin": "military aid"},
            "line": 4,
            "status": "passes",
        }
    ]
    assert data["summary"]["known_failures"] == 1 and data["summary"]["new_failures"] == 3
    assert failing_labels(data) == [
        ("call-a", "only", "known"),
        ("call-a", "shared", "failed"),
        ("call-b", "only", "failed"),
        ("call-b", "shared", "failed"),
    ]
    markdown = check(runner, str(corpus), "--baseline", str(known), "-f", "markdown")[1]
    assert "## New failures, not in the baseline (3)" in markdown
    assert "## Known failures, in the baseline (1)" in markdown
    assert "- call-a only kremlin: 'military aid': passes now" in markdown


def test_without_a_baseline_failures_are_neither_new_nor_known(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    code, out, _ = check(runner, str(corpus), "-f", "json")
    data = json.loads(out)
    assert code == 1 and data["settings"]["baseline"] is None
    summary = data["summary"]
    assert summary["failed"] == 4 and summary["baseline"] is None
    assert summary["new_failures"] is None and summary["known_failures"] is None
    assert {f["status"] for c in data["calls"] for f in c["failures"]} == {"failed"}
    validator("check").validate(data)
    # as the terminal and a log say: failed, not new
    log = check(runner, str(corpus))[1]
    assert log.count("\nfailed: call-") == 4 and "new failure" not in log
    # against a baseline, they are counted apart
    known = write(
        tmp_path / "known.yaml", "failing:\n  call-a:\n    only:\n      kremlin: [idea of hockey]\n"
    )
    summary = json.loads(check(runner, str(corpus), "--baseline", str(known), "-f", "json")[1])[
        "summary"
    ]
    assert (summary["new_failures"], summary["known_failures"]) == (3, 1)


def test_a_baseline_entry_naming_a_side_its_call_lacks_is_an_error_at_its_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    known = write(
        tmp_path / "known.yaml",
        "failing:\n  call-a:\n    only:\n      kremlin: [idea of hockey]\n"
        "      white-hose: [Iran must never]\n"
        "    shared:\n      - {white-house: ceasefire on energy, kremlin: energy facilities}\n"
        "      - {white-house: ending the war, kremlim: prisoner exchange}\n",
    )
    code, out, err = check(runner, str(corpus), "--baseline", str(known))
    assert code == 2
    assert err.splitlines() == [
        f"readout-diff: error: {known}:5: unknown side 'white-hose' of call-a; its sides are"
        " kremlin, white-house: did you mean 'white-house'?",
        f"readout-diff: error: {known}:8: unknown side 'kremlim' of call-a; its sides are"
        " kremlin, white-house: did you mean 'kremlin'?",
    ]
    assert f"invalid: {known}:5: unknown side 'white-hose'" in out
    assert "no longer failing" not in out  # the bad entries are errors, not entries that pass
    data = json.loads(check(runner, str(corpus), "--baseline", str(known), "-f", "json")[1])
    (call_a,) = [c for c in data["calls"] if c["name"] == "call-a"]
    assert [e.split(": ")[0] for e in call_a["errors"]] == [f"{known}:5", f"{known}:8"]
    assert call_a["score"] is not None  # the call's own files and expectations are valid
    assert data["summary"]["baseline"]["now_passing"] == []
    assert data["summary"]["exit_code"] == 2 and data["summary"]["invalid"] == 1
    junit = tmp_path / "report.xml"
    assert check(runner, str(corpus), "--baseline", str(known), "--junit", str(junit))[0] == 2
    errors = [e.get("message") for e in ET.parse(junit).getroot().iter("error")]
    assert errors == [call_a["errors"][0], call_a["errors"][1]]


def test_a_baseline_entry_of_a_call_not_in_the_corpus_is_reported_as_such(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus, known = baselined(runner, tmp_path)
    # the call is removed from the corpus, or misnamed in the baseline: it fails nothing, so
    # the ratchet still passes, and says which entries to remove
    shutil.rmtree(corpus / "call-b")
    code, out, err = check(runner, str(corpus), "--baseline", str(known))
    assert code == 0 and err == ""
    passing = [line for line in out.splitlines() if line.startswith("no longer failing:")]
    assert passing == [
        "no longer failing: call-b only kremlin: 'idea of hockey': its call is not in the corpus",
        "no longer failing: call-b shared white-house: 'ending the war', kremlin: 'prisoner"
        " exchange': its call is not in the corpus",
    ]
    data = json.loads(check(runner, str(corpus), "--baseline", str(known), "-f", "json")[1])
    now = data["summary"]["baseline"]["now_passing"]
    assert [(e["call"], e["status"]) for e in now] == [("call-b", "not-in-corpus")] * 2
    validator("check").validate(data)
    # one call folder checked against the corpus's baseline: the other calls are not its
    # business, so nothing of theirs is listed
    code, out, _ = check(runner, str(corpus / "call-a"), "--baseline", str(known))
    assert code == 0 and "no longer failing" not in out, out
    assert f"Baseline {known}: no new failure (2 known): passed." in out


def test_junit_marks_new_failures_as_failures_and_known_ones_as_skipped(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    known = write(
        tmp_path / "known.yaml", "failing:\n  call-a:\n    only:\n      kremlin: [idea of hockey]\n"
    )
    for floor in ([], ["--min-score", "0.1"]):
        junit = tmp_path / "report.xml"
        code = check(runner, str(corpus), "--baseline", str(known), "--junit", str(junit), *floor)[
            0
        ]
        assert code == 1  # the other failures are new: a floor does not tolerate them
        root = ET.parse(junit).getroot()
        cases = {(case.get("classname"), case.get("name")): case for case in root.iter("testcase")}
        known_case = cases[("call-a", "only kremlin: 'idea of hockey'")]
        skipped = known_case.find("skipped")
        assert skipped is not None and known_case.find("failure") is None
        assert (skipped.get("message") or "").startswith(f"known failure, in the baseline {known}:")
        new_case = cases[("call-b", "only kremlin: 'idea of hockey'")]
        assert new_case.find("failure") is not None and new_case.find("skipped") is None
        assert root.get("skipped") == "1" and root.get("failures") == "3"


def test_writing_a_baseline_refuses_an_invalid_corpus_and_the_files_it_reads(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = make_corpus(tmp_path / "corpus", 'only:\n  kremlin: ["no such phrase"]\n')
    known = tmp_path / "known.yaml"
    code, out, err = check(runner, str(corpus), "--write-baseline", str(known))
    assert code == 2 and not known.exists()
    assert f"warning: {known}: not written, since some files or expectations are invalid" in err
    expect = corpus / "call-a" / "expect.yaml"
    before = expect.read_bytes()
    code, out, err = check(runner, str(corpus), "--write-baseline", str(expect))
    assert code == 2 and out == "" and "is a file the check reads" in err
    assert expect.read_bytes() == before
    code, _, err = check(
        runner, str(corpus), "--baseline", str(known), "--write-baseline", str(known)
    )
    assert code == 2 and "give --baseline or --write-baseline, not both" in err
    code, _, err = check(runner, str(corpus), "--junit", str(known), "--write-baseline", str(known))
    assert code == 2 and "--junit and --write-baseline name the same file" in err
    assert not known.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n", ":1: a baseline is a mapping with one key, 'failing'"),
        ("failing: {}\nextra: 1\n", ":2: a baseline is a mapping"),
        ("failing: [a]\n", ":1: 'failing' must map call names"),
        ("failing:\n  call-a:\n    onyl: {kremlin: [x]}\n", ":3: unknown key 'onyl'"),
        ("failing:\n  call-a:\n    shared:\n      - {kremlin: x}\n", ":4: each 'shared' entry"),
        ("failing: {call-a: &a {only: {kremlin: [x]}}, call-b: *a}\n", "alias"),
    ],
)
def test_a_bad_baseline_is_one_line_naming_the_file_and_line(
    runner: CliRunner, tmp_path: Path, text: str, message: str
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    known = write(tmp_path / "known.yaml", text)
    code, out, err = check(runner, str(corpus), "--baseline", str(known))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(known) in err and message in err, err


def test_a_missing_baseline_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    code, out, err = check(runner, str(corpus), "--baseline", str(tmp_path / "nope.yaml"))
    assert code == 2 and out == "" and "nope.yaml" in err


def test_an_entry_is_the_same_whatever_the_order_of_its_phrases() -> None:
    baseline = parse_baseline(
        {"failing": {"c": {"shared": [{"b": "y", "a": "x"}]}}}, path="known.yaml"
    )
    assert baseline.holds("c", Expectation("shared", (("a", "x"), ("b", "y"))))
    assert not baseline.holds("c", Expectation("shared", (("a", "x"), ("b", "z"))))
    assert not baseline.holds("c", Expectation("differs", (("a", "x"), ("b", "y")), None, "number"))


def test_a_folder_named_like_a_number_is_found_unquoted() -> None:
    baseline = parse_baseline({"failing": {2024: {"only": {"a": ["x"]}}}}, path="known.yaml")
    assert baseline.holds("2024", Expectation("only", (("a", "x"),)))


phrase = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    str.strip
)


@settings(max_examples=60, deadline=None)
# Phrases of one side are distinct, as expect.yaml requires (a phrase is one expectation).
@given(
    only=st.lists(phrase, min_size=1, max_size=3, unique_by=fold), pair=st.tuples(phrase, phrase)
)
def test_a_written_baseline_reads_back_as_the_same_expectations(
    only: list[str], pair: tuple[str, str]
) -> None:
    failing = [("2025-01-01-call", Expectation("only", (("kremlin", p),))) for p in only]
    failing.append(
        ("call: #2", Expectation("differs", (("a", pair[0]), ("b", pair[1])), None, "number"))
    )
    text = baseline_text(failing)
    data, node = parse_yaml(text, path="known.yaml")
    baseline = parse_baseline(data, path="known.yaml", lines=node_lines(node))
    assert [(c, e.kind, e.phrases, e.difference) for c, e in baseline.entries] == [
        (c, e.kind, e.phrases, e.difference) for c, e in failing
    ]
    assert all(isinstance(e.line, int) for _, e in baseline.entries)


def test_parse_baseline_needs_a_mapping() -> None:
    with pytest.raises(InputError, match="one key, 'failing'"):
        parse_baseline(["x"], path="known.yaml")
    assert parse_baseline(None, path="known.yaml").entries == ()


def test_the_example_corpus_passes_against_its_own_baseline(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = tmp_path / "readouts"
    shutil.copytree(ROOT / "readouts", corpus)
    known = tmp_path / "known.yaml"
    assert check(runner, str(corpus), "--write-baseline", str(known))[0] == 0
    result = check_corpus(
        str(corpus), baseline=read_baseline(str(known), max_bytes=10**6), jobs=None
    )
    assert result.exit_code == 0 and result.known_failures and not result.new_failures
    assert len(result.known_failures) == len(result.failures)


def test_an_invalid_call_never_passes_whatever_the_baseline_and_the_floor(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus, known = baselined(runner, tmp_path)
    write(corpus / "call-b" / "expect.yaml", 'only:\n  kremlin: ["no such phrase here"]\n')
    code, out, err = check(runner, str(corpus), "--baseline", str(known), "--min-score", "0.1")
    assert code == 2 and "no such phrase here" in err
    assert f"Baseline {known}: no new failure (2 known" in out
    assert "but 1 call is invalid: failed." in out and ": passed." not in out
    code, out, _ = check(runner, str(corpus), "--baseline", str(known), "-f", "json")
    summary = json.loads(out)["summary"]
    assert code == 2 and summary["passed"] is False and summary["exit_code"] == 2
