"""A reader's decisions (same / different) and the confidence of every verdict."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import write
from typer.testing import CliRunner

from readout_diff.check import CheckOptions, check_call
from readout_diff.cli import app
from readout_diff.decisions import parse_decisions, phrase_for, resolve, to_yaml
from readout_diff.errors import InputError
from readout_diff.load import readout_from_text
from readout_diff.model import Claim, Decision
from readout_diff.report import compare
from readout_diff.safe_yaml import parse_yaml
from readout_diff.skip_file import parse_skips, skips_to_yaml

LEFT = (
    "The two leaders agreed on a ceasefire covering energy infrastructure. "
    "They voiced solidarity over the flooding in the south. "
    "Both sides will hold talks on grain exports through the Black Sea ports."
)
RIGHT = (
    "The presidents agreed to halt strikes on energy infrastructure for a month. "
    "Condolences were offered to the families of the victims of the disaster. "
    "Safe shipping of grain through Black Sea ports was discussed, and ice hockey "
    "matches between the two leagues were proposed."
)


def sides() -> list:  # type: ignore[type-arg]
    return [readout_from_text(LEFT, name="left"), readout_from_text(RIGHT, name="right")]


def point_of(report, text: str):  # type: ignore[no-untyped-def]
    return next(p for p in report.points for c in p.claims if text in c.text)


def test_same_joins_a_pair_the_engine_missed() -> None:
    before = compare(sides())
    assert point_of(before, "solidarity").one_sided
    decided = parse_decisions(
        {"same": [{"left": "solidarity", "right": "Condolences"}]}, path="decisions.yaml"
    )
    after = compare(sides(), decisions=decided)
    point = point_of(after, "solidarity")
    assert {c.side for c in point.claims} == {"left", "right"}
    assert point.links[0].rule == "decided by a reader"
    assert (point.confidence, point.confidence_reason) == ("sure", "decided")


def test_different_splits_a_pair_the_engine_made() -> None:
    before = compare(sides())
    assert not point_of(before, "ceasefire").one_sided
    decided = parse_decisions(
        {"different": [{"left": "ceasefire", "right": "halt strikes"}]}, path="d.yaml"
    )
    after = compare(sides(), decisions=decided)
    assert point_of(after, "ceasefire").one_sided
    assert point_of(after, "halt strikes").one_sided
    # the other pairs are as the engine made them
    assert not point_of(after, "grain exports").one_sided
    # Each claim's verdict is the reader's, and its explanation names the claim they kept
    # apart, not "no claim shares a word with it".
    for text, other in (("ceasefire", "halt strikes"), ("halt strikes", "ceasefire")):
        point = point_of(after, text)
        assert (point.confidence, point.confidence_reason) == ("sure", "decided")
        assert point.nearest is not None and point.nearest.code == "decided-different"
        assert other in after.claims_by_id[point.nearest.claim].text
        assert "a reader decided" in point.nearest.reason and point.nearest.words


def test_a_phrase_that_locates_no_claim_names_the_file_and_line(tmp_path: Path) -> None:
    decided = parse_decisions(
        {"same": [{"left": "no such words", "right": "Condolences"}]},
        path="d.yaml",
        lines={("same", 0): 2},
    )
    with pytest.raises(InputError) as caught:
        resolve(decided, sides())
    assert str(caught.value).startswith("d.yaml:2: phrase 'no such words' matches no claim")


def test_bad_decisions_are_refused() -> None:
    for data in (
        {"maybe": []},
        {"same": [{"left": "a"}]},
        {"same": [{"left": "a", "right": 3}]},
        {"same": [["left", "right"]]},
    ):
        with pytest.raises(InputError):
            parse_decisions(data, path="d.yaml")
    clash = parse_decisions(
        {
            "same": [{"left": "ceasefire", "right": "halt strikes"}],
            "different": [{"right": "halt strikes", "left": "ceasefire"}],
        },
        path="d.yaml",
    )
    with pytest.raises(InputError, match="both 'same' and 'different'"):
        resolve(clash, sides())


def test_written_decisions_read_back_the_same() -> None:
    decided = parse_decisions(
        {
            "same": [{"left": 'say "yes"', "right": "Condolences"}],
            "different": [{"left": "ceasefire", "right": "halt: strikes"}],
        },
        path="d.yaml",
    )
    import yaml

    again = parse_decisions(yaml.safe_load(to_yaml(decided)), path="d.yaml")
    assert [(d.kind, d.phrases) for d in again] == [(d.kind, d.phrases) for d in decided]


def test_a_phrase_is_found_for_any_claim() -> None:
    readout = sides()[1]
    for claim in readout.claims:
        phrase = phrase_for(claim, readout.claims)
        hits = [c for c in readout.claims if phrase.casefold() in c.text.casefold()]
        assert hits == [claim]


def call_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "call"
    folder.mkdir()
    write(folder / "left.txt", LEFT)
    write(folder / "right.txt", RIGHT)
    write(
        folder / "expect.yaml",
        "shared:\n  - {left: solidarity, right: Condolences}\n",
    )
    return folder


def test_check_applies_a_calls_decisions(tmp_path: Path) -> None:
    folder = call_folder(tmp_path)
    assert check_call(str(folder), CheckOptions()).failed == 1
    write(folder / "decisions.yaml", "same:\n  - {left: solidarity, right: Condolences}\n")
    assert check_call(str(folder), CheckOptions()).failed == 0
    assert check_call(str(folder), CheckOptions(decisions=False)).failed == 1


def test_a_failure_a_reader_s_decision_caused_names_that_decision(tmp_path: Path) -> None:
    folder = call_folder(tmp_path)
    write(
        folder / "expect.yaml",
        "shared:\n  - {left: ceasefire, right: halt strikes}\nonly:\n  left: [solidarity]\n",
    )
    assert check_call(str(folder), CheckOptions()).failed == 0
    write(
        folder / "decisions.yaml",
        "different:\n  - {left: ceasefire, right: halt strikes}\n"
        "same:\n  - {left: solidarity, right: Condolences}\n",
    )
    result = check_call(str(folder), CheckOptions())
    details = [o.detail for o in result.outcomes if not o.met]
    assert len(details) == 2, details
    path = str(folder / "decisions.yaml")
    assert any(f"are different ({path}:2), against this expectation" in d for d in details)
    assert any(f"are same ({path}:4), against this expectation" in d for d in details)


def test_decisions_inline_in_call_yaml(tmp_path: Path) -> None:
    folder = call_folder(tmp_path)
    write(
        folder / "call.yaml",
        "sides:\n  - {file: left.txt}\n  - {file: right.txt}\n"
        "decisions:\n  same:\n    - {left: solidarity, right: Condolences}\n",
    )
    assert check_call(str(folder), CheckOptions()).failed == 0


def test_compare_decisions_option_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    left, right = write(tmp_path / "left.txt", LEFT), write(tmp_path / "right.txt", RIGHT)
    decisions = write(tmp_path / "d.yaml", "same:\n  - {left: solidarity, right: Condolences}\n")
    args = ["compare", str(left), str(right), "-f", "json"]
    report = json.loads(runner.invoke(app, [*args, "--decisions", str(decisions)]).stdout)
    rules = {link["rule"] for p in report["points"] for link in p["links"]}
    assert "decided by a reader" in rules
    write(decisions, "same:\n  - {left: solidarity, right: nothing like this}\n")
    result = runner.invoke(app, [*args, "--decisions", str(decisions)])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{decisions}:2: phrase 'nothing like this' matches no claim" in result.stderr


def test_check_decisions_file_by_call_name(tmp_path: Path) -> None:
    folder = call_folder(tmp_path)
    runner = CliRunner()
    extra = write(
        tmp_path / "decided.yaml", "call:\n  same:\n    - {left: solidarity, right: Condolences}\n"
    )
    assert runner.invoke(app, ["check", str(tmp_path)]).exit_code == 1
    assert runner.invoke(app, ["check", str(tmp_path), "--decisions", str(extra)]).exit_code == 0
    write(extra, "nocall:\n  same: []\n")
    result = runner.invoke(app, ["check", str(tmp_path), "--decisions", str(extra)])
    assert result.exit_code == 2 and "nocall" in result.stderr
    assert folder.is_dir()
    # a call that is not in the corpus is named at its decision's line in the file
    write(
        extra, "call:\n  same: []\nnocall:\n  same:\n    - {left: solidarity, right: Condolences}\n"
    )
    result = runner.invoke(app, ["check", str(tmp_path), "--decisions", str(extra)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"readout-diff: error: {extra}:5: decisions name a call that is not in {tmp_path}: nocall\n"
    )
    # One call's decisions, as compare takes them: said so, not called the wrong shape.
    write(extra, "same:\n  - {left: solidarity, right: Condolences}\n")
    result = runner.invoke(app, ["check", str(tmp_path), "--decisions", str(extra)])
    assert result.exit_code == 2 and f"{extra}:1: holds one call's decisions" in result.stderr


def test_every_point_has_a_confidence_and_a_known_reason() -> None:
    from readout_diff.confidence import REASONS

    report = compare(sides())
    for point in report.points:
        assert point.confidence in ("sure", "check")
        assert REASONS[point.confidence_reason][0] == point.confidence


def test_a_claim_far_from_every_other_is_sure_and_a_near_miss_is_not() -> None:
    left = readout_from_text(
        "Hockey matches between the leagues were proposed. "
        "The leaders discussed energy prices in Europe.",
        name="left",
    )
    right = readout_from_text(
        "Talks on grain exports will continue. Energy supplies to Asia were raised in passing.",
        name="right",
    )
    report = compare([left, right])
    assert point_of(report, "Hockey").confidence_reason == "no-candidate"
    energy = point_of(report, "energy prices")
    assert energy.confidence == "check"


def test_aliases_command_lists_and_filters(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["aliases", "kiev"])
    assert result.exit_code == 0 and result.stdout.startswith("ukraine: ")
    empty = runner.invoke(app, ["aliases", "no-such-spelling"])
    assert empty.exit_code == 1 and empty.stdout == ""
    assert empty.stderr == "readout-diff: no alias group holds 'no-such-spelling'\n"
    extra = write(tmp_path / "a.yaml", "geneva: [Geneva, Strategic Stability Dialogue]\n")
    result = runner.invoke(app, ["aliases", "geneva", "--aliases", str(extra), "-f", "json"])
    data = json.loads(result.stdout)
    assert "Geneva" in data["aliases"]["strategicstability"]


def test_a_decisions_file_named_in_call_yaml_is_no_side(tmp_path: Path) -> None:
    folder = call_folder(tmp_path)
    write(folder / "call.yaml", "decisions: settled.yaml\n")
    write(folder / "settled.yaml", "same:\n  - {left: solidarity, right: Condolences}\n")
    result = check_call(str(folder), CheckOptions())
    assert result.errors == () and result.sides == ("left", "right") and result.failed == 0
    write(
        folder / "call.yaml",
        "sides:\n  - {file: left.txt}\n  - {file: right.txt}\ndecisions: settled.yaml\n",
    )
    assert check_call(str(folder), CheckOptions()).errors == ()


def test_a_one_sided_claim_with_no_content_word_is_never_sure() -> None:
    left = readout_from_text(
        "Energy talks will continue in Geneva. This is our view of the situation.", name="left"
    )
    right = readout_from_text("Talks on energy go on in Geneva.", name="right")
    point = point_of(compare([left, right]), "our view")
    assert point.one_sided
    assert (point.confidence, point.confidence_reason) == ("check", "no-content")


def test_a_difference_says_a_side_has_no_other_number_when_both_give_one() -> None:
    left = readout_from_text("The aid package is worth $500 million.", name="left")
    right = readout_from_text(
        "The aid package is worth $1 billion and another $500 million.", name="right"
    )
    (difference,) = [d for p in compare([left, right]).points for d in p.differences]
    assert dict(difference.texts)["left"] == "no other number"


def test_a_decisions_file_outside_the_corpus_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    folder = call_folder(corpus)
    write(tmp_path / "elsewhere.yaml", "same:\n  - {left: solidarity, right: Condolences}\n")
    write(folder / "call.yaml", "decisions: ../../elsewhere.yaml\n")
    result = check_call(str(folder), CheckOptions(), root=str(corpus))
    assert result.errors and "outside" in result.errors[0]
    # Said at the call.yaml line that names it: the file itself is no link.
    assert "call.yaml:1: names " in result.errors[0] and "a link" not in result.errors[0]
    allowed = check_call(str(folder), CheckOptions(allow_outside=True), root=str(corpus))
    assert allowed.errors == () and allowed.failed == 0


def test_a_decisions_file_that_is_not_yaml_is_refused_rather_than_taken_from_the_sides(
    tmp_path: Path,
) -> None:
    folder = call_folder(tmp_path)
    write(folder / "call.yaml", "decisions: left.txt\n")
    result = check_call(str(folder), CheckOptions())
    assert (
        result.errors
        and "call.yaml:1: 'decisions' names left.txt, which is not a YAML" in (result.errors[0])
    ), result.errors


def _phrase_by_every_run(claim: Claim, claims: list[Claim], words: int = 3) -> str:
    """The phrase as the definition reads: every run of words, shortest first."""
    from readout_diff.lexicon import STOPWORDS
    from readout_diff.normalize import fold

    tokens = claim.text.split()
    others = [fold(c.text) for c in claims if c.id != claim.id]

    def content(piece: str) -> tuple[bool, int]:
        parts = [w.strip(",;:.'\"").lower() in STOPWORDS for w in piece.split()]
        kept = sum(len(w) for w, s in zip(piece.split(), parts, strict=True) if not s)
        return not parts[0] and not parts[-1], kept

    for size in range(min(words, len(tokens)), len(tokens) + 1):
        found = []
        for start in range(len(tokens) - size + 1):
            piece = " ".join(tokens[start : start + size]).strip(" ,;:.")
            wanted = fold(piece)
            if wanted and wanted in fold(claim.text) and not any(wanted in o for o in others):
                found.append(piece)
        if found:
            return max(found, key=content)
    return claim.text.strip()


def test_a_phrase_is_the_shortest_run_naming_the_claim_alone() -> None:
    import random

    rng = random.Random(7)
    vocabulary = "the of talks energy Iran, ceasefire. and prices rose in Oslo".split()
    for _ in range(300):
        texts = [
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 12)))
            for _ in range(rng.randint(1, 4))
        ]
        if rng.random() < 0.3:
            texts.append("Before " + texts[0] + " after")  # the first held inside another
        claims = [Claim(f"a:{k}", "a", k, t, 0, len(t), 1) for k, t in enumerate(texts)]
        for claim in claims:
            assert phrase_for(claim, claims) == _phrase_by_every_run(claim, claims), texts


def test_the_report_says_which_verdicts_a_reader_decided() -> None:
    import io

    from readout_diff.render.as_markdown import render_markdown
    from readout_diff.render.terminal import make_console, render_terminal

    decided = parse_decisions(
        {
            "same": [{"left": "solidarity", "right": "Condolences"}],
            "different": [{"left": "ceasefire", "right": "halt strikes"}],
        },
        path="d.yaml",
    )
    report = compare(sides(), decisions=decided)
    out = io.StringIO()
    render_terminal(report, make_console(out, color=False, width=80))
    text = " ".join(out.getvalue().split())
    assert "2 decisions of a reader (in d.yaml) are applied; 3 of these" in text, text
    assert "verdicts are the reader's rather than the tool's." in text, text
    assert "a reader kept it apart from: «The presidents agreed to halt strikes" in text, text
    markdown = render_markdown(report)
    assert "_a reader kept it apart from:_ «The two leaders agreed on a ceasefire" in markdown
    plain = compare(sides())
    out = io.StringIO()
    render_terminal(plain, make_console(out, color=False, width=80))
    assert "of a reader" not in out.getvalue() and "kept it apart" not in out.getvalue()
    # A decision that leaves no verdict a reader's alone is still said to be applied.
    apart = parse_decisions(
        {"different": [{"left": "grain exports", "right": "ice hockey"}]}, path="e.yaml"
    )
    out = io.StringIO()
    render_terminal(compare(sides(), decisions=apart), make_console(out, color=False, width=80))
    text = " ".join(out.getvalue().split())
    assert "1 decision of a reader (in e.yaml) is applied;" in text, text


def test_side_names_yaml_would_read_as_numbers_or_booleans_are_written_quoted() -> None:
    decided = [Decision("same", (("2021", "Moscow to de-escalate"), ("true", "frank talks")))]
    text = to_yaml(decided)
    assert '"2021": "Moscow to de-escalate"' in text and '"true": "frank talks"' in text
    data, _ = parse_yaml(text, path="d.yaml")
    assert [d.phrases for d in parse_decisions(data, path="d.yaml")] == [decided[0].phrases]
    skipped = [(("on", "energy"), ("null", "power")), (("white-house", "grain"),)]
    back, _ = parse_yaml(skips_to_yaml(skipped), path="s")
    assert parse_skips(back, path="s") == skipped
    assert "{white-house: " in skips_to_yaml(skipped)  # a plain name stays bare


def test_a_decisions_yaml_that_is_no_file_is_reported_not_ignored(tmp_path: Path) -> None:
    folder = call_folder(tmp_path)
    for make, said in (
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: os.mkfifo(p), "is a FIFO"),
        (lambda p: p.symlink_to(tmp_path / "nothing.yaml"), "is a symbolic link to nothing"),
    ):
        target = folder / "decisions.yaml"
        make(target)
        result = check_call(str(folder), CheckOptions())
        assert result.errors and said in result.errors[0], result.errors
        target.rmdir() if target.is_dir() and not target.is_symlink() else target.unlink()


def test_a_pair_a_reader_joined_says_so_in_every_report() -> None:
    """A shared point is sure because a reader decided it, not because the words match: the
    report says which, so a reader's own answer is never taken for the tool's finding."""
    import io

    from readout_diff.render.as_html import render_html
    from readout_diff.render.as_markdown import render_markdown
    from readout_diff.render.terminal import make_console, render_terminal

    a = readout_from_text("The talks covered grain exports. Hockey came up.", name="a")
    b = readout_from_text("Wheat shipments were raised. Ice games were proposed.", name="b")
    joined = Decision("same", (("a", "grain exports"), ("b", "Wheat shipments")))
    marker = "a reader decided these make one point"
    plain = compare([a, b])
    settled = compare([a, b], decisions=[joined])
    for report, expected in ((plain, 0), (settled, 1)):
        out = io.StringIO()
        render_terminal(report, make_console(out, color=False, width=100))
        assert out.getvalue().count(marker) == expected
        assert render_markdown(report).count(marker) == expected
        assert render_html(report).count(marker) == expected


def test_a_pair_decided_both_ways_is_named_at_the_line_of_the_second(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "The talks covered grain exports. Hockey came up.\n")
    b = write(tmp_path / "b.txt", "Wheat shipments were raised. Ice games were proposed.\n")
    decisions = write(
        tmp_path / "d.yaml",
        'same:\n  - {a: "grain exports", b: "Wheat shipments"}\n'
        'different:\n  - {a: "grain exports", b: "Wheat shipments"}\n',
    )
    result = CliRunner().invoke(app, ["compare", str(a), str(b), "--decisions", str(decisions)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"readout-diff: error: {decisions}:4: a:1 and b:1 are decided both 'same' (line 2)"
        " and 'different'\n"
    )


def test_a_claim_sure_only_because_a_reader_kept_it_apart_is_the_reader_s_verdict() -> None:
    """A reader decides the best candidate makes another point; what is left is far: the
    claim is one-sided because of that answer, so the verdict is theirs (reason decided,
    its nearest the claim they kept it apart from), not one of the tool's sure verdicts."""
    a = readout_from_text(
        "The leaders discussed grain exports from Odesa. Hockey came up.", name="a"
    )
    b = readout_from_text(
        "Grain exports from Odesa were discussed. The wider region, its rail lines, storage"
        " sites, roads, bridges, schools, hospitals, power plants and farms near Odesa, rebuilt"
        " after the winter floods, were mentioned at length by both delegations. Ice games"
        " were proposed.",
        name="b",
    )
    apart = Decision("different", (("a", "grain exports"), ("b", "Grain exports from")))
    report = compare([a, b], decisions=[apart])
    point = next(p for p in report.points if p.claims[0].id == "a:1")
    assert point.present == ("a",) and point.sure
    assert point.confidence_reason == "decided"
    assert point.nearest is not None and point.nearest.claim == "b:1"
    assert point.nearest.code == "decided-different"


def test_every_count_keeps_a_reader_s_verdicts_apart_from_the_tool_s() -> None:
    """Sections counted a reader's verdicts as sure while the headline's "sure verdicts like
    the N here" left them out, and JSON had no count of them."""
    import io
    import re

    from readout_diff.render.as_json import report_to_dict
    from readout_diff.render.as_markdown import render_markdown
    from readout_diff.render.terminal import make_console, render_terminal

    decided = parse_decisions(
        {
            "same": [{"left": "solidarity", "right": "Condolences"}],
            "different": [{"left": "ceasefire", "right": "halt strikes"}],
        },
        path="d.yaml",
    )
    report = compare(sides(), decisions=decided)
    theirs = [p for p in report.points if p.confidence_reason == "decided"]
    tools = [p for p in report.points if p.sure and p.confidence_reason != "decided"]
    assert theirs and tools
    out = io.StringIO()
    render_terminal(report, make_console(out, color=False, width=80))
    text = " ".join(out.getvalue().split())
    headings = re.findall(r"(?:Only in \w+|In both) \(([^)]*)\)", text)
    said_decided = sum(int(n) for h in headings for n in re.findall(r"(\d+) decided by a", h))
    said_sure = sum(int(n) for h in headings for n in re.findall(r"(\d+) sure", h))
    assert (said_decided, said_sure) == (len(theirs), len(tools)), headings
    rated = re.search(r"Sure verdicts like (?:the (\d+)|(the one)) here", text)
    assert rated is not None and int(rated.group(1) or 1) == len(tools), text
    markdown = render_markdown(report)
    assert re.findall(r"(?m)^## (?:Only in \w+|In both) \(([^)]*)\)", markdown) == headings
    summary = report_to_dict(report)["summary"]
    assert summary["decided"] == len(theirs)
    by_side = summary["sides"]
    assert sum(s["decided"] for s in by_side.values()) == sum(len(p.present) for p in theirs)
    plain = report_to_dict(compare(sides()))["summary"]
    assert plain["decided"] == 0 and all(s["decided"] == 0 for s in plain["sides"].values())


def test_hiding_the_agreed_points_changes_no_figure_of_the_headline() -> None:
    import io

    from readout_diff.render.terminal import make_console, render_terminal

    decided = parse_decisions(
        {"same": [{"left": "solidarity", "right": "Condolences"}]}, path="d.yaml"
    )
    report = compare(sides(), decisions=decided)

    def head(hide: bool) -> str:
        out = io.StringIO()
        render_terminal(report, make_console(out, color=False, width=80), hide_agreed=hide)
        return " ".join(out.getvalue().split("side ")[0].split())

    assert head(True) == head(False), (head(True), head(False))


def test_claims_a_reader_kept_apart_never_meet_through_a_third_side() -> None:
    """With three sides, a different decision between two claims did nothing when both
    paired with the same claim of the third: the point joined them through it."""
    a = readout_from_text("The leaders agreed on a ceasefire along the border.", name="a")
    b = readout_from_text("A ceasefire along the border was agreed by the leaders.", name="b")
    c = readout_from_text("The leaders agreed on a ceasefire along the border today.", name="c")
    before = compare([a, b, c])
    assert [len(p.claims) for p in before.points] == [3]
    apart = Decision("different", (("a", "ceasefire along"), ("b", "ceasefire along")))
    after = compare([a, b, c], decisions=[apart])
    for point in after.points:
        assert {"a:1", "b:1"} - {cl.id for cl in point.claims}, point
    assert sorted(len(p.claims) for p in after.points) == [1, 2]
    # The strongest link stays: the claim kept out is the one whose link to c was weaker.
    joined = next(p for p in after.points if len(p.claims) == 2)
    assert "c:1" in {cl.id for cl in joined.claims}
    # The one left alone says why: its nearest is the claim it would have joined, kept from
    # it by the reader's decision, and the verdict is the reader's.
    alone = next(p for p in after.points if len(p.claims) == 1)
    assert alone.nearest is not None and alone.nearest.claim == "c:1"
    assert alone.nearest.code == "decided-different"
    assert "a:1 and b:1, which a reader decided make different points" in alone.nearest.reason
    assert (alone.confidence, alone.confidence_reason) == ("sure", "decided")


def test_a_point_the_tool_joined_further_is_not_said_to_be_a_reader_s() -> None:
    from readout_diff.render.view import reader_joined

    a = readout_from_text("The leaders agreed on a ceasefire along the border.", name="a")
    b = readout_from_text("Talks will resume in spring.", name="b")
    c = readout_from_text("The leaders agreed on a ceasefire along the border today.", name="c")
    same = Decision("same", (("a", "ceasefire along"), ("b", "Talks will resume")))
    report = compare([a, b, c], decisions=[same])
    point = next(p for p in report.points if len(p.claims) == 3)
    assert any(link.rule == "decided by a reader" for link in point.links)
    assert not reader_joined(point)
    only = compare([a, b], decisions=[same])
    assert reader_joined(next(p for p in only.points if len(p.claims) == 2))
