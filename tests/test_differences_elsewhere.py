"""A difference never says a side lacks a word or a number that its readout gives in another
claim: it says where it does, and the headline does not count it as a way the readouts differ."""

from __future__ import annotations

import json
import re

import pytest

from readout_diff.differences import _scope, find_differences
from readout_diff.folders import load_call, load_demo
from readout_diff.model import DIFFERS, SAID_ELSEWHERE, Claim, Difference, Point, Report
from readout_diff.normalize import Analyzer
from readout_diff.numbers import numbers
from readout_diff.render.as_html import render_html
from readout_diff.render.as_json import report_json
from readout_diff.render.view import headline, select
from readout_diff.report import compare
from readout_diff.said_elsewhere import Elsewhere

ANALYZER = Analyzer()
ABSENT = {
    "number": ("no number", "no other number"),
    "scope": ("no such word", "no other such word"),
}
DETECT = {"number": numbers, "scope": _scope}


def side(name: str, *texts: str, sentence_of: tuple[int, ...] = ()) -> list[Claim]:
    """Claims of one side, one after the other in its text."""
    claims, start = [], 0
    for k, text in enumerate(texts):
        sentence = sentence_of[k] if sentence_of else k
        claims.append(
            Claim(f"{name}:{k + 1}", name, k, text, start, start + len(text), 1, None, sentence)
        )
        start += len(text) + 1
    return claims


def differences(wh: list[Claim], kr: list[Claim]) -> dict[str, Difference]:
    """The differences of the point made of the first claim of each side."""
    point = Point("p1", (wh[0], kr[0]), ("wh", "kr"), (), 0.5)
    where = Elsewhere({"wh": wh, "kr": kr}, ANALYZER)
    return {d.kind: d for d in find_differences(point, analyzer=ANALYZER, elsewhere=where)}


def test_a_scope_word_of_the_same_kind_in_a_clause_of_the_same_sentence() -> None:
    wh = side("wh", "The presidents want the war to end in a durable peace.")
    kr = side(
        "kr",
        "Putin said Moscow prefers to settle the conflict by peaceful means",
        "and that any settlement has to be long-term.",
        sentence_of=(0, 0),
    )
    scope = differences(wh, kr)["scope"]
    assert scope.code == SAID_ELSEWHERE
    assert dict(scope.texts)["kr"] == "not in this claim; says “long-term” in another"
    assert dict(scope.elsewhere) == {"kr": ("kr:2",)}
    assert "no such word" not in scope.summary


def test_a_number_given_in_another_sentence() -> None:
    wh = side("wh", "They spoke of a pause in strikes on power stations.", "It is to last 30 days.")
    kr = side("kr", "Strikes on power stations are to pause for 30 days.")
    number = differences(wh, kr)["number"]
    assert number.code == SAID_ELSEWHERE
    assert dict(number.texts) == {
        "wh": "not in this claim; says “30 days” in another",
        "kr": "30 days",
    }


def test_the_same_amount_of_another_unit_elsewhere_is_no_number_given() -> None:
    """ "30 minutes" in another claim hid the "30-day" ceasefire the other side lacked."""
    wh = side("wh", "The leaders agreed to a 30-day ceasefire on energy infrastructure.")
    kr = side(
        "kr",
        "The leaders agreed to a ceasefire on energy infrastructure.",
        "The presidents spoke for 30 minutes.",
    )
    number = differences(wh, kr)["number"]
    assert number.code == DIFFERS and dict(number.texts)["kr"] == "no number"


def test_a_word_the_readout_never_gives_is_still_missing() -> None:
    wh = side("wh", "The presidents want the war to end in a durable peace.")
    kr = side("kr", "Putin said Moscow prefers to settle the conflict.", "Talks will go on.")
    scope = differences(wh, kr)["scope"]
    assert scope.code == DIFFERS
    assert dict(scope.texts)["kr"] == "no such word"
    assert scope.elsewhere == ()


def test_only_what_the_readout_gives_elsewhere_is_said_to_be_there() -> None:
    wh = side("wh", "The sides seek a full and durable truce.")
    kr = side("kr", "The sides seek a truce.", "It should be long-term.")
    scope = differences(wh, kr)["scope"]
    # "long-term" answers "durable"; nothing of the kind of "full" anywhere in the readout.
    assert scope.code == DIFFERS
    assert dict(scope.texts)["kr"] == (
        "not in this claim; says “long-term” in another; no word like “full”"
    )


def test_the_nearest_claim_is_quoted() -> None:
    wh = side("wh", "The sides seek a lasting truce.")
    kr = side("kr", "The sides seek a truce.", "It has to be durable.", "Ties are permanent.")
    assert dict(differences(wh, kr)["scope"].texts)["kr"] == (
        "not in this claim; says “durable” in another"
    )


def corpus_reports() -> list[Report]:
    reports = []
    for name in ("2025-03-18-trump-putin", "2023-08-18-camp-david-trilateral"):
        call = load_call(f"readouts/{name}")
        reports.append(compare(list(call.readouts), aliases=dict(call.aliases)))
    demo = load_demo()
    reports.append(compare(list(demo.readouts), aliases=dict(demo.aliases)))
    return reports


@pytest.mark.parametrize("report", corpus_reports(), ids=("trump-putin", "camp-david", "demo"))
def test_no_difference_calls_a_word_missing_that_its_readout_gives(report: Report) -> None:
    """Over whole calls: every "no such word" or "no number" is true of the side's readout."""
    claims = {r.name: r.claims for r in report.sides}
    for point in report.points:
        for difference in point.noted:
            if difference.kind not in ABSENT:
                continue
            detect = DETECT[difference.kind]
            wanted = {
                f.value
                for c in point.claims
                if dict(difference.texts)[c.side] not in ABSENT[difference.kind]
                for f in detect(c, ANALYZER)
            }
            for name, text in difference.texts:
                if text not in ABSENT[difference.kind]:
                    continue
                given = {f.value for c in claims[name] for f in detect(c, ANALYZER)}
                own = {f.value for c in point.claims if c.side == name for f in detect(c, ANALYZER)}
                assert not (wanted - own) & given, (point.id, difference.summary)


def test_the_headline_counts_only_the_ways_the_readouts_differ() -> None:
    demo = load_demo()
    report = compare(list(demo.readouts), aliases=dict(demo.aliases))
    said = [p for p in report.points if p.said_elsewhere]
    assert said, "the demo has claims that differ only in words said elsewhere"
    assert all(d.code == SAID_ELSEWHERE for p in said for d in p.said_elsewhere)
    assert all(d.code == DIFFERS for p in report.points for d in p.differences)
    line = next(s for s in headline(report, select(report)) if "in both readouts" in s)
    match = re.search(r"they differ on (\d+)", line)
    counted = sum(1 for p in report.points if p.differences)
    assert (int(match.group(1)) if match else 0) == counted
    assert counted < sum(1 for p in report.points if p.noted)


def test_json_names_the_code_and_the_claims_that_say_it() -> None:
    demo = load_demo()
    report = compare(list(demo.readouts), aliases=dict(demo.aliases))
    data = json.loads("".join(report_json(report)))
    texts = {c["id"]: c["text"] for s in data["sides"] for c in s["claims"]}
    said = [d for p in data["points"] for d in p["differences"] if d["code"] == SAID_ELSEWHERE]
    assert said
    for difference in said:
        assert difference["elsewhere"]
        for name, ids in difference["elsewhere"].items():
            assert difference["sides"][name].startswith("not in this claim; says ")
            quoted = re.findall(r"“([^”]+)”", difference["sides"][name])
            assert all(any(q in texts[i] for i in ids) for q in quoted)
    counted = sum(1 for p in data["points"] if any(d["code"] == DIFFERS for d in p["differences"]))
    assert data["summary"]["with_differences"] == counted


def test_a_third_side_with_no_level_is_said_to_have_none_in_its_claim() -> None:
    claims = (
        Claim("a:1", "a", 0, "The ministers agreed to reopen the consulates.", 0, 46, 1),
        Claim("b:1", "b", 0, "The ministers discussed reopening the consulates.", 0, 49, 1),
        Claim("c:1", "c", 0, "The consulates are to reopen.", 0, 29, 1),
    )
    point = Point("p1", claims, ("a", "b", "c"), (), 0.5)
    found = {d.kind: d for d in find_differences(point, analyzer=ANALYZER)}
    assert dict(found["modality"].texts)["c"] == "neither in this claim"


def test_the_page_lists_apart_what_differs_only_in_words_said_elsewhere() -> None:
    demo = load_demo()
    report = compare(list(demo.readouts), aliases=dict(demo.aliases))
    page = render_html(report)
    counted = sum(1 for p in report.points if p.differences)
    apart = sum(1 for p in report.points if p.said_elsewhere and not p.differences)
    assert f"Where shared points differ ({counted})" in page
    assert f"give in other claims ({apart})</h3>" in page
    _, _, rest = page.partition("give in other claims")
    assert "not in this claim; says “long-term” in another" in rest.split("</section>")[0]
