"""How often verdicts like each one were right: in JSON, and the order of Check these."""

from __future__ import annotations

import json
import re

from conftest import ROOT
from test_decisions import sides

from readout_diff.confidence import RIGHT_RATES, band, right_rate
from readout_diff.decisions import parse_decisions
from readout_diff.folders import load_call
from readout_diff.render.as_json import report_json
from readout_diff.render.as_markdown import render_markdown
from readout_diff.render.view import rate_words
from readout_diff.report import compare


def points_json(report) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return json.loads("".join(report_json(report)))["points"]  # type: ignore[no-any-return]


def test_every_point_carries_the_rate_of_its_band() -> None:
    report = compare(sides())
    found = points_json(report)
    assert len(found) == len(report.points)
    for point, out in zip(report.points, found, strict=True):
        assert out["right_rate"] == RIGHT_RATES["weighted"][band(point)]  # type: ignore[index]
    bands = {band(p) for p in report.points}
    assert "one-sided" in bands and bands & {"shared", "shared-weak", "shared-strong"}


def test_a_shared_point_falls_in_a_band_by_its_weakest_link() -> None:
    report = compare(sides())
    shared = [p for p in report.points if len(p.present) > 1 and not p.sure]
    assert shared
    for point in shared:
        score = point.score or 0.0
        expected = "shared-weak" if score < 0.2 else "shared" if score < 0.3 else "shared-strong"
        assert band(point) == expected


def test_a_reader_s_decision_and_an_uncalibrated_scorer_have_no_rate() -> None:
    decided = parse_decisions(
        {"same": [{"left": "solidarity", "right": "Condolences"}]}, path="decisions.yaml"
    )
    report = compare(sides(), decisions=decided)
    point = next(p for p in report.points if "solidarity" in p.claims[0].text)
    assert point.confidence_reason == "decided"
    assert right_rate(point, "weighted") is None
    fuzzy = compare(sides(), scorer="fuzzy")
    assert all(p["right_rate"] is None for p in points_json(fuzzy))
    text = render_markdown(fuzzy)
    assert "annotated calls" not in text and "least likely" not in text


def test_check_these_puts_the_least_likely_verdicts_first_and_says_how_likely() -> None:
    report = compare(sides())
    text = render_markdown(report)
    assert "the least likely to be right first." in text
    rates = [
        int(m.group(1)) / int(m.group(2))
        for m in re.finditer(
            r"^### .*\(right (\d+) times in (\d+) on annotated calls\)$", text, re.M
        )
    ]
    unsure = {right_rate(p, "weighted") for p in report.points if not p.sure}
    assert len(rates) >= 2 and rates == sorted(rates)
    assert {round(r * 10) for r in rates} == {round(r * 10) for r in unsure if r is not None}


def test_the_headline_counts_the_toss_ups_listed_first() -> None:
    call = load_call(str(ROOT / "readouts" / "2025-03-18-trump-putin"))
    report = compare(list(call.readouts), aliases=dict(call.aliases))
    text = " ".join(render_markdown(report).split())
    tossups = [p for p in report.points if not p.sure and (right_rate(p, "weighted") or 1.0) < 0.55]
    assert tossups
    many = len(tossups) > 1
    said = f"The first {len(tossups)} verdicts" if many else "The first verdict"
    said += " listed there"
    assert said in text, text
    assert "toss-up" not in " ".join(render_markdown(compare(sides(), scorer="fuzzy")).split())


def test_the_headline_says_how_often_sure_verdicts_were_right() -> None:
    report = compare(sides())
    sure = [p for p in report.points if p.sure]
    assert sure
    words = rate_words(RIGHT_RATES["weighted"]["sure"])
    text = " ".join(render_markdown(report).split())
    these = "the one" if len(sure) == 1 else f"the {len(sure)}"
    assert f"Sure verdicts like {these} here were {words}." in text, text
    fuzzy = " ".join(render_markdown(compare(sides(), scorer="fuzzy")).split())
    assert "Sure verdicts like" not in fuzzy
