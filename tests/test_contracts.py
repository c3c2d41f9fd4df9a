"""The machine contract: schemas for every JSON output, codes beside prose, stable keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import KREMLIN, ROOT, WHITE_HOUSE, write
from typer.testing import CliRunner

from readout_diff.align import ATTACH, BEST, MUTUAL, MUTUAL_RATIO, SAME_WORDS, SENTENCE
from readout_diff.baseline import Baseline
from readout_diff.check import CallResult, CheckOptions, check_calls, check_corpus
from readout_diff.check_result import CheckSummary
from readout_diff.cli import app
from readout_diff.codes import DECIDED, LINK_CODES, NEAREST_CODES, word_pairs
from readout_diff.confidence import CHECK, REASONS, SURE
from readout_diff.expect import DIFFERENCE_KINDS, KINDS
from readout_diff.folders import discover, load_call, load_demo
from readout_diff.keys import claim_keys
from readout_diff.load import readout_from_text
from readout_diff.model import Report, replace
from readout_diff.render.as_json import SCHEMAS, claims_to_dict, dumps, report_to_dict, schema_text
from readout_diff.render.check_output import check_to_dict, write_check_json
from readout_diff.report import compare
from readout_diff.score import SCORERS

CORPUS = ROOT / "readouts"


def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))  # type: ignore[no-any-return]


def validate(data: Any, name: str) -> None:
    """Validate what the tool prints (through its own serialiser) against a schema."""
    jsonschema.Draft202012Validator(schema(name)).validate(json.loads(dumps(data)))


def corpus_reports() -> Iterator[Report]:
    for folder in discover(str(CORPUS)):
        call = load_call(folder)
        yield compare(list(call.readouts), aliases=dict(call.aliases), title=call.title)


REPORTS = [
    *corpus_reports(),
    compare(list(load_demo().readouts), aliases=dict(load_demo().aliases)),
]


def points_json() -> Iterator[dict[str, Any]]:
    for report in REPORTS:
        yield from report_to_dict(report)["points"]


def test_the_shipped_schemas_are_valid_and_state_additional_properties() -> None:
    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    for name in SCHEMAS:
        document = schema(name)
        jsonschema.Draft202012Validator.check_schema(document)
        assert document["properties"]["schema_version"] == {"const": 1}
        found = list(objects(document))
        assert found and all(o.get("additionalProperties") is False for o in found), name
        assert all(set(o["required"]) == set(o["properties"]) for o in found), name


def test_every_report_of_the_corpus_and_the_demo_follows_the_schema() -> None:
    assert any(len(r.sides) > 2 for r in REPORTS)
    for report in REPORTS:
        validate(report_to_dict(report), "report")


def test_the_schema_refuses_what_the_contract_forbids() -> None:
    data = json.loads(dumps(report_to_dict(REPORTS[-1])))
    validator = jsonschema.Draft202012Validator(schema("report"))
    linked = next(p for p in data["points"] if p["links"])
    lone = next(p for p in data["points"] if p["nearest"])
    for broken in (
        {**data, "extra": 1},
        {**data, "points": [{**linked, "links": [{**linked["links"][0], "code": "?"}]}]},
        {**data, "points": [{**lone, "nearest": {**lone["nearest"], "code": "close"}}]},
        {**data, "points": [{**lone, "confidence": "maybe"}]},
        {**data, "points": [{k: v for k, v in lone.items() if k != "key"}]},
    ):
        assert not validator.is_valid(broken)


def test_claims_of_every_readout_follow_their_schema() -> None:
    readouts = [r for folder in discover(str(CORPUS)) for r in load_call(folder).readouts]
    readouts.append(
        readout_from_text("# Heading\n\nMOSCOW, May 1 —\n\nA claim. Another.", name="x")
    )
    skipped = set()
    for readout in readouts:
        data = claims_to_dict(readout)
        validate(data, "claims")
        skipped |= {s["reason"] for s in data["skipped"]}
    assert {"heading", "dateline", "title"} <= skipped
    # one description of a side, in both schemas
    report, claims = schema("report"), schema("claims")
    for name in ("side", "claim", "tool"):
        assert claims["$defs"][name] == report["$defs"][name]


def make_call(folder: Path, expect: str) -> None:
    folder.mkdir(parents=True)
    write(folder / "white-house.txt", WHITE_HOUSE)
    write(folder / "kremlin.txt", KREMLIN)
    write(folder / "expect.yaml", expect)


def test_check_output_follows_its_schema_with_failures_errors_and_a_baseline(
    tmp_path: Path,
) -> None:
    from readout_diff.baseline import parse_baseline

    make_call(tmp_path / "a-good", 'only:\n  kremlin: ["military aid"]\n')
    make_call(tmp_path / "b-failing", 'only:\n  kremlin: ["idea of hockey"]\n')
    make_call(tmp_path / "c-unlocated", 'only:\n  kremlin: ["not in any claim"]\n')
    (tmp_path / "d-unreadable").mkdir()
    write(tmp_path / "d-unreadable" / "white-house.txt", b"\x00\x01binary")
    write(tmp_path / "d-unreadable" / "kremlin.txt", KREMLIN)
    baseline = parse_baseline(
        {"failing": {"b-failing": {"only": {"kremlin": ["idea of hockey"]}}}}, path="known.yaml"
    )
    for known in (None, baseline):
        result = check_corpus(str(tmp_path), baseline=known)
        data = check_to_dict(result)
        validate(data, "check")
        statuses = [f["status"] for c in data["calls"] for f in c["failures"]]
        assert statuses == ["known" if known else "failed", "error"]
        assert data["calls"][3]["errors"] and data["summary"]["exit_code"] == 2
        # a call with an expectation not located, or invalid files, has no score
        assert [c["score"] is None for c in data["calls"]] == [False, False, True, True]
        # failures are new or known only against a baseline
        counts = (data["summary"]["new_failures"], data["summary"]["known_failures"])
        assert counts == ((0, 1) if known else (None, None))
    validate(check_to_dict(check_corpus(str(CORPUS), jobs=2)), "check")


def stream_check(
    root: str, options: CheckOptions, known: Baseline | None
) -> tuple[list[tuple[int, str]], CheckSummary]:
    """The check's JSON written call by call: each piece, with how many calls were checked
    when it was written."""
    made: list[str] = []
    written: list[tuple[int, str]] = []

    def calls() -> Iterator[CallResult]:
        for call in check_calls(root, options=options):
            made.append(call.name)
            yield call

    summary = CheckSummary(root, options, known)
    write_check_json(summary, calls(), lambda t: written.append((len(made), t)), piece=1)
    return written, summary


def test_check_json_written_call_by_call_is_the_json_of_the_whole_check(
    tmp_path: Path,
) -> None:
    from readout_diff.baseline import parse_baseline

    make_call(tmp_path / "a-good", 'only:\n  kremlin: ["military aid"]\n')
    make_call(tmp_path / "b-failing", 'only:\n  kremlin: ["idea of hockey"]\n')
    make_call(tmp_path / "c-unlocated", 'only:\n  kremlin: ["not in any claim"]\n')
    failing = {
        "a-good": {"only": {"kremlin": ["military aid"]}},
        "b-failing": {"only": {"kremlin": ["idea of hockey"]}},
        "c-unlocated": {"only": {"kremlin": ["an expectation since removed"]}},
    }
    baseline = parse_baseline({"failing": failing}, path="known.yaml")
    root = str(tmp_path)
    for known, floor in ((None, None), (baseline, None), (None, 0.4), (baseline, 0.9)):
        options = CheckOptions(min_score=floor)
        data = check_to_dict(check_corpus(root, options=options, baseline=known))
        whole = dumps(data)
        written, summary = stream_check(root, options, known)
        assert "".join(text for _, text in written) == whole + "\n"
        # Each call is written before the next one is checked.
        assert [n for n, _ in written] == [1, 2, 3, 3]
        assert summary.exit_code == data["summary"]["exit_code"]
    now = json.loads(whole)["summary"]["baseline"]["now_passing"]
    assert [(e["call"], e["status"]) for e in now] == [
        ("a-good", "passes"),
        ("c-unlocated", "gone"),
    ]


def test_schema_enums_are_the_constants_of_the_code() -> None:
    report, check = schema("report")["$defs"], schema("check")["$defs"]
    point = report["point"]["properties"]
    assert point["confidence"]["enum"] == [SURE, CHECK]
    assert point["confidence_reason"]["enum"] == list(REASONS)
    assert report["link"]["properties"]["code"]["enum"] == list(LINK_CODES.values())
    assert report["nearest"]["properties"]["code"]["enum"] == list(NEAREST_CODES)
    assert report["difference"]["properties"]["kind"]["enum"] == list(DIFFERENCE_KINDS)
    top = schema("report")["properties"]["settings"]["properties"]
    assert top["scorer"]["enum"] == list(SCORERS)
    assert check["failure"]["properties"]["kind"]["enum"] == list(KINDS)
    difference = check["failure"]["properties"]["difference"]["enum"]
    assert difference == [*DIFFERENCE_KINDS, None]
    assert set(LINK_CODES) == {SAME_WORDS, BEST, MUTUAL, SENTENCE, DECIDED}
    assert LINK_CODES[DECIDED] == "decided"


@pytest.mark.parametrize("name", SCHEMAS)
def test_the_schema_command_prints_each_schema(runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0 and json.loads(result.stdout) == schema(name)
    assert result.stdout == (ROOT / "readout_diff" / "data" / f"{name}.schema.json").read_text()


def test_the_schema_command_defaults_to_the_report_and_refuses_other_names(
    runner: CliRunner,
) -> None:
    assert json.loads(runner.invoke(app, ["schema"]).stdout)["$id"].endswith("/report.schema.json")
    result = runner.invoke(app, ["schema", "points"])
    assert result.exit_code == 2 and result.stdout == ""


def test_every_link_has_the_code_of_its_rule_and_structured_tie_words() -> None:
    seen = set()
    for point in points_json():
        for link in point["links"]:
            assert link["code"] == LINK_CODES[link["rule"]]
            assert link["words"] and len(link["word_pairs"]) == len(link["words"])
            seen.add(link["code"])
    assert {"best", "mutual-best", "same-content", "sibling-clause"} <= seen


def test_word_pairs_give_each_side_its_own_spelling() -> None:
    assert word_pairs(["Kiev ~ Kyiv", "energy"]) == [
        {"left": "Kiev", "right": "Kyiv"},
        {"left": "energy", "right": "energy"},
    ]
    link = next(
        link
        for p in points_json()
        for link in p["links"]
        for w in link["words"]
        if " ~ " in w and link["rule"] != SAME_WORDS
    )
    report = next(r for r in REPORTS if link["claims"][0] in r.claims_by_id)
    left, right = (report.claims_by_id[c].text for c in link["claims"])
    for pair in link["word_pairs"]:
        assert pair["left"].split()[0] in left and pair["right"].split()[0] in right


def test_nearest_codes_agree_with_their_numbers() -> None:
    seen = set()
    for point in points_json():
        nearest = point["nearest"]
        if nearest is None:
            continue
        code, score, needed = nearest["code"], nearest["score"], nearest["threshold"]
        seen.add(code)
        assert code in NEAREST_CODES
        if code == "no-shared-word":
            assert nearest["claim"] is None and score == 0 and not nearest["words"]
            continue
        if code == "decided-different":
            assert needed is None and point["confidence_reason"] in (
                "decided",
                "partner-elsewhere",
                "plausible-partner",
                "sentence-paired",
            )
            continue
        assert score < needed, nearest
        assert (nearest["rival"] is None) == (nearest["runner_up"] is None)
        if code == "partner-elsewhere":
            assert needed == pytest.approx(ATTACH * nearest["runner_up"], abs=2e-4)
        if code == "mutual-too-close":
            assert needed == pytest.approx(MUTUAL_RATIO * nearest["runner_up"], abs=2e-4)
        if nearest["rival"] is not None:
            assert nearest["rival"] != nearest["claim"]
    assert {"under-threshold", "within-margin", "partner-elsewhere", "no-shared-word"} <= seen


def test_every_point_carries_a_confidence_and_each_side_counts_them() -> None:
    for report in REPORTS:
        data = report_to_dict(report)
        for point in data["points"]:
            assert point["confidence"] in (SURE, CHECK)
            assert point["confidence_reason"] in REASONS
            assert REASONS[point["confidence_reason"]][0] == point["confidence"]
        summary = data["summary"]
        assert summary["sure"] + summary["check"] == summary["points"]
        for name, side in summary["sides"].items():
            assert side["sure"] + side["check"] == side["points"], name
            present = [p for p in data["points"] if name in p["present"]]
            assert side["sure"] == sum(p["confidence"] == SURE for p in present)


def test_side_counts_follow_the_verdicts_the_points_carry() -> None:
    report = REPORTS[-1]
    sure = {p.id for p in report.points[::3]}
    points = tuple(
        replace(p, confidence=SURE if p.id in sure else CHECK, confidence_reason="near-rival")
        for p in report.points
    )
    data = report_to_dict(replace(report, points=points))
    validate(data, "report")
    for side in report.sides:
        counts = data["summary"]["sides"][side.name]
        expected = sum(1 for p in points if side.name in p.present and p.id in sure)
        assert counts["sure"] == expected and counts["check"] == counts["points"] - expected
    assert data["summary"]["sure"] == len(sure)


PARAGRAPH = "The two sides also spoke at length about fisheries in the Arctic.\n\n"


def keyed(report: Report) -> dict[str, Any]:
    return report_to_dict(report)


def test_a_paragraph_added_at_the_top_changes_no_other_claim_key() -> None:
    before = readout_from_text(KREMLIN, name="kremlin")
    after = readout_from_text(PARAGRAPH + KREMLIN, name="kremlin")
    old, new = claim_keys(before), claim_keys(after)
    assert len(new) == len(old) + 1
    assert [c.id for c in after.claims[1:]] != [c.id for c in before.claims]  # ids moved
    assert list(new.values())[1:] == list(old.values())  # keys did not
    # and a point whose claims did not change keeps its key
    wh = readout_from_text(WHITE_HOUSE, name="white-house")
    one, two = keyed(compare([wh, before])), keyed(compare([wh, after]))
    assert {p["key"] for p in one["points"]} - {p["key"] for p in two["points"]} == set()


def test_point_keys_do_not_depend_on_the_order_of_the_sides() -> None:
    wh = readout_from_text(WHITE_HOUSE, name="white-house")
    kr = readout_from_text(KREMLIN, name="kremlin")
    forward, backward = keyed(compare([wh, kr])), keyed(compare([kr, wh]))

    def by_key(data: dict[str, Any]) -> dict[str, set[str]]:
        keys = {c["id"]: c["key"] for s in data["sides"] for c in s["claims"]}
        return {p["key"]: {keys[c] for c in p["claims"]} for p in data["points"]}

    assert by_key(forward) == by_key(backward)
    assert [p["id"] for p in forward["points"]] == [p["id"] for p in backward["points"]]
    assert [p["key"] for p in forward["points"]] != [p["key"] for p in backward["points"]]


def test_repeated_text_gets_an_occurrence_number_and_keys_are_unique() -> None:
    readout = readout_from_text(
        "Talks will go on. Hockey was raised. TALKS  will go on. Talks will go on.", name="a"
    )
    keys = list(claim_keys(readout).values())
    assert keys[0].split("#")[1] == keys[2].split("#")[1].removesuffix(".2")
    assert keys[2].endswith(".2") and keys[3].endswith(".3") and "." not in keys[0]
    for report in REPORTS:
        data = report_to_dict(report)
        claims = [c["key"] for s in data["sides"] for c in s["claims"]]
        assert len(set(claims)) == len(claims)
        assert len({p["key"] for p in data["points"]}) == len(data["points"])


def test_a_key_names_the_side_and_survives_odd_text() -> None:
    readout = readout_from_text("A lone \ud800 surrogate here. Fine.", name="x")
    keys = claim_keys(readout)
    assert all(k.startswith("x#") for k in keys.values())
    validate(claims_to_dict(readout), "claims")


def test_the_readme_names_every_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    output = readme[readme.index("## Output") : readme.index("## Exit status")]
    for code in [*LINK_CODES.values(), *NEAREST_CODES, *REASONS]:
        assert f"`{code}`" in output, code
    for field in ("key", "code", "word_pairs", "threshold", "runner_up", "rival", "confidence"):
        assert f'"{field}"' in output, field


def test_every_json_document_the_suite_prints_is_checked_against_its_schema() -> None:
    from readout_diff.render import as_json

    # conftest.py wraps the serialiser: a document that breaks its schema fails the test
    with pytest.raises(jsonschema.ValidationError):
        as_json.dumps({"schema_version": 1, "points": [], "extra": True})
    assert as_json.dumps({"not": "an output"}) == '{"not":"an output"}'


def test_the_alias_table_as_json_follows_its_schema(runner: CliRunner) -> None:
    for args in (["aliases", "-f", "json"], ["aliases", "kyiv", "-f", "json"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        jsonschema.Draft202012Validator(schema("aliases")).validate(json.loads(result.stdout))
