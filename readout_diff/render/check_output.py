"""The corpus check as JSON, Markdown and JUnit XML: what CI systems and scripts read."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Any

from readout_diff import __version__
from readout_diff.baseline import Baseline
from readout_diff.check import CallResult, CheckResult
from readout_diff.check_result import CheckOptions, CheckSummary
from readout_diff.expect import Expectation, Outcome, Score
from readout_diff.folders import EXPECT_FILE
from readout_diff.render.as_json import SCHEMA_VERSION, dumps
from readout_diff.render.as_markdown import escape
from readout_diff.render.text import clean


def score_to_dict(score: Score) -> dict[str, Any]:
    """Counts and rates of one score; rates are null where nothing was expected."""
    return {
        "only": _rate(score.only_rate),
        "shared": _rate(score.shared_rate),
        "balanced": _rate(score.balanced),
        "differs": _rate(score.differs_rate),
        "only_met": score.only_met,
        "only_total": score.only_total,
        "shared_met": score.shared_met,
        "shared_total": score.shared_total,
        "differs_met": score.differs_met,
        "differs_total": score.differs_total,
    }


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def check_to_dict(result: CheckResult) -> dict[str, Any]:
    """The whole check as plain data; calls in folder order."""
    summary = result.summary
    return {
        **_head(result.root, result.options, result.baseline),
        "calls": [_call(call, summary) for call in result.calls],
        **_tail(summary),
    }


def write_check_json(
    summary: CheckSummary,
    calls: Iterable[CallResult],
    write: Callable[[str], None],
    *,
    piece: int = 65536,
) -> CheckSummary:
    """Write the check as JSON while its calls arrive, counting them into ``summary``.

    The text is ``dumps(check_to_dict(result))`` and a newline for the same calls, but only
    one call's result is held at a time; it is written in pieces of about ``piece``
    characters.
    """
    head = dumps(_head(summary.root, summary.options, summary.baseline))
    pending = [head[:-1], ',"calls":[']
    size, first = 0, True
    for call in calls:
        summary.add(call)
        text = dumps(_call(call, summary))
        pending.append(text if first else "," + text)
        first = False
        size += len(text)
        if size >= piece:
            write("".join(pending))
            pending, size = [], 0
    tail = dumps(_tail(summary))
    pending.append("]," + tail[1:] + "\n")
    write("".join(pending))
    return summary


def _head(root: str, options: CheckOptions, baseline: Baseline | None) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "readout-diff", "version": __version__},
        "root": root,
        "settings": {
            "scorer": options.scorer,
            "threshold": options.threshold,
            "margin": options.margin,
            "min_score": options.min_score,
            "baseline": None if baseline is None else baseline.path,
        },
    }


def _tail(summary: CheckSummary) -> dict[str, Any]:
    return {
        "score": score_to_dict(summary.score),
        "summary": {
            "calls": summary.calls,
            "invalid": summary.invalid,
            "expectations": summary.expectations,
            "failed": summary.failed,
            "new_failures": summary.new_failures,
            "known_failures": summary.known_failures,
            "passed": summary.passed,
            "exit_code": summary.exit_code,
            "verdict": summary.verdict,
            "warning": summary.warning,
            "baseline": _baseline(summary),
        },
    }


def _baseline(result: CheckSummary) -> dict[str, Any] | None:
    if result.baseline is None:
        return None
    return {
        "path": result.baseline.path,
        "entries": len(result.baseline.entries),
        "verdict": result.baseline_verdict,
        "now_passing": [
            {"call": call, **_expectation(expectation), "status": status}
            for call, expectation, status in result.now_passing
        ],
    }


def _expectation(expectation: Expectation) -> dict[str, Any]:
    return {
        "kind": expectation.kind,
        "difference": expectation.difference,
        "phrases": dict(expectation.phrases),
        "line": expectation.line,
    }


def _call(call: CallResult, result: CheckSummary) -> dict[str, Any]:
    return {
        "name": call.name,
        "path": call.path,
        "title": call.title,
        "sides": list(call.sides),
        "claims": dict(zip(call.sides, call.claims, strict=True)),
        "shared": call.shared,
        "one_sided": dict(zip(call.sides, call.one_sided, strict=True)),
        "expectations": {"total": len(call.outcomes), "met": call.met, "failed": call.failed},
        "score": score_to_dict(call.score) if call.scored else None,
        "errors": list(call.messages),
        "failures": [_outcome(o, status(call, o, result)) for o in call.outcomes if not o.met],
    }


def status(call: CallResult, outcome: Outcome, result: CheckResult | CheckSummary) -> str:
    """``error`` (a phrase not located), ``known`` (listed in the baseline) or ``failed``."""
    if outcome.error:
        return "error"
    return "known" if result.known(call, outcome) else "failed"


def _outcome(outcome: Outcome, state: str) -> dict[str, Any]:
    return {
        **_expectation(outcome.expectation),
        "detail": outcome.detail,
        "error": outcome.error,
        "status": state,
    }


def score_text(score: Score) -> str:
    """The corpus score in words: each rate with its counts, then the balanced accuracy.

    >>> score_text(Score(3, 4, 1, 2))
    'only 0.75 (3/4), shared 0.50 (1/2), balanced accuracy 0.62'
    """
    text = (
        f"only {rate_text(score.only_rate)} ({score.only_met}/{score.only_total}),"
        f" shared {rate_text(score.shared_rate)} ({score.shared_met}/{score.shared_total}),"
        f" balanced accuracy {rate_text(score.balanced)}"
    )
    if score.differs_total:
        text += (
            f", differs {rate_text(score.differs_rate)} ({score.differs_met}/{score.differs_total})"
        )
    return text


def corpus_score_text(result: CheckResult) -> str:
    """The corpus score in words, and how many calls it leaves out (invalid ones)."""
    text = score_text(result.score)
    if result.unscored:
        text += f" ({result.unscored} call{'s' if result.unscored > 1 else ''} not scored)"
    return text


def call_score_text(call: CallResult) -> str:
    """A call's balanced accuracy; ``invalid`` when some of its expectations cannot be
    evaluated (a score on the others would pass for the call's)."""
    return rate_text(call.score.balanced) if call.scored or not call.sides else "invalid"


def not_scored(call: CallResult) -> str | None:
    """Why a call whose files were read has no score, if it has none."""
    if call.scored or not call.sides:
        return None
    return f"{call.unlocated} of its {len(call.outcomes)} expectations cannot be evaluated"


def invalid_lines(result: CheckResult) -> list[tuple[str, str]]:
    """The Invalid section, for a person and for a log: each call's errors, after why it is
    not scored where its files were read (``CALL is not scored: why`` and ``not scored: CALL:
    why``; an error is ``invalid: error`` in a log)."""
    found: list[tuple[str, str]] = []
    for call in result.calls:
        why = not_scored(call)
        if why is not None:
            found.append((f"{call.name} is not scored: {why}", f"not scored: {call.name}: {why}"))
        found.extend((message, f"invalid: {message}") for message in call.messages)
    return found


def rate_text(value: float | None) -> str:
    """A rate to two decimals, or "-" when there was nothing to count.

    >>> rate_text(0.7627), rate_text(None)
    ('0.76', '-')
    """
    return "-" if value is None else f"{value:.2f}"


Failures = tuple[tuple[CallResult, Outcome], ...]


def failure_sections(result: CheckResult) -> list[tuple[str, str, Failures]]:
    """The failures under a heading and a one-word tag for log lines: new and known ones
    apart when there is a baseline."""
    if result.baseline is None:
        return [("Failed expectations", "failed", result.failures)]
    return [
        ("New failures, not in the baseline", "new failure", result.new_failures),
        ("Known failures, in the baseline", "known failure", result.known_failures),
    ]


def now_passing_lines(result: CheckResult) -> list[str]:
    """Each baseline entry that no longer fails, as a line: the baseline can be tightened."""
    words = {
        "passes": "passes now",
        "gone": "is no longer in the call's expectations",
        "not-in-corpus": "its call is not in the corpus",
    }
    return [
        f"{call} {expectation.label}: {words[state]}"
        for call, expectation, state in result.now_passing
    ]


NOW_PASSING = "No longer failing, listed in the baseline"


def tighten_hint(result: CheckResult) -> str:
    """What to do with baseline entries that no longer fail."""
    where = result.baseline.path if result.baseline is not None else "the baseline"
    return (
        f"Remove them from {where} (or write it anew with --write-baseline),"
        " so that they fail the check if they break again."
    )


def verdicts(result: CheckResult) -> list[str]:
    """The --min-score and --baseline verdicts that apply."""
    return [v for v in (result.verdict, result.baseline_verdict) if v]


def render_check_markdown(result: CheckResult) -> str:
    """The check as a Markdown summary table, failures, and the corpus score."""
    lines = [f"# readout-diff check: {escape(result.root)}", ""]
    lines.append("| call | sides (claims) | shared | one-sided | met | failed | balanced |")
    lines.append("|---|---|---:|---|---:|---:|---:|")
    for call in result.calls:
        if call.errors:
            lines.append(f"| {escape(call.name)} | invalid | | | | | |")
            continue
        sides = ", ".join(
            f"{escape(s)} ({n})" for s, n in zip(call.sides, call.claims, strict=True)
        )
        one = ", ".join(f"{escape(s)} {n}" for s, n in zip(call.sides, call.one_sided, strict=True))
        lines.append(
            f"| {escape(call.name)} | {sides} | {call.shared} | {one} | {call.met} |"
            f" {call.failed} | {call_score_text(call)} |"
        )
    lines.append("")
    lines.append(f"**Corpus score**: {corpus_score_text(result)}")
    for verdict in verdicts(result):
        lines.extend(["", escape(verdict)])
    invalid = invalid_lines(result)
    if invalid:
        lines.extend(["", "## Invalid", ""])
        lines.extend(f"- {escape(line)}" for line, _ in invalid)
    for heading, _, failed in failure_sections(result):
        if failed:
            lines.extend(["", f"## {heading} ({len(failed)})", ""])
        for call, outcome in failed:
            lines.append(f"- **{escape(call.name)}** {escape(outcome.expectation.label)}")
            lines.append(f"  - {escape(outcome.detail + written_at(outcome.expectation))}")
    passing = now_passing_lines(result)
    if passing:
        lines.extend(["", f"## {NOW_PASSING} ({len(passing)})", ""])
        lines.extend(f"- {escape(line)}" for line in passing)
        lines.extend(["", escape(tighten_hint(result))])
    return "\n".join(lines) + "\n"


def written_at(expectation: Expectation) -> str:
    """Where a failed expectation is written, for the one who fixes it: " (expect.yaml:4)"."""
    return f" ({EXPECT_FILE}:{expectation.line})" if expectation.line else ""


def render_junit(result: CheckResult) -> str:
    """JUnit XML: a test suite per call, a test case per expectation (and one per invalid file).

    The XML agrees with the exit status. Against a baseline, the failures it lists are
    skipped (known) and any other is a failure. Under ``--min-score`` alone, failed
    expectations are skipped (tolerated); one more case, the floor itself, passes or fails.
    """
    suites = ET.Element("testsuites", name="readout-diff check")
    floor = result.options.min_score
    for call in result.calls:
        suite = ET.SubElement(suites, "testsuite", name=clean(call.name))
        for message in call.errors:
            case = ET.SubElement(
                suite, "testcase", classname=clean(call.name), name="files are valid"
            )
            ET.SubElement(case, "error", message=clean(message), type="InvalidInput")
        for message in call.baseline_errors:
            case = ET.SubElement(
                suite, "testcase", classname=clean(call.name), name="baseline entries are valid"
            )
            ET.SubElement(case, "error", message=clean(message), type="InvalidBaseline")
        if not call.errors and not call.outcomes:
            ET.SubElement(suite, "testcase", classname=clean(call.name), name="files are valid")
        for outcome in call.outcomes:
            case = ET.SubElement(
                suite, "testcase", classname=clean(call.name), name=clean(outcome.expectation.label)
            )
            if outcome.expectation.line:
                # Where the expectation is written, as CI annotations read it.
                case.set("file", clean(os.path.join(call.path, EXPECT_FILE)))
                case.set("line", str(outcome.expectation.line))
            if outcome.error:
                ET.SubElement(
                    case, "error", message=clean(outcome.error), type="InvalidExpectation"
                )
            elif not outcome.met:
                detail = clean(outcome.detail)
                if result.known(call, outcome) and result.baseline is not None:
                    where = clean(result.baseline.path)
                    message = f"known failure, in the baseline {where}: {detail}"
                    failure = ET.SubElement(case, "skipped", message=message)
                elif floor is None or result.baseline is not None:
                    failure = ET.SubElement(case, "failure", message=detail, type="Expectation")
                else:
                    message = f"failed, tolerated by --min-score {floor:g}: {detail}"
                    failure = ET.SubElement(case, "skipped", message=message)
                failure.text = detail
    if floor is not None:
        suite = ET.SubElement(suites, "testsuite", name="corpus score")
        properties = ET.SubElement(suite, "properties")
        balanced = result.score.balanced
        shown = "" if balanced is None else f"{balanced:.4f}"
        ET.SubElement(properties, "property", name="balanced_accuracy", value=shown)
        ET.SubElement(properties, "property", name="min_score", value=f"{floor:g}")
        case = ET.SubElement(
            suite, "testcase", classname="corpus score", name=f"balanced accuracy >= {floor:g}"
        )
        if not result.floor_reached:
            failure = ET.SubElement(case, "failure", message=result.verdict or "", type="MinScore")
            failure.text = result.verdict
    for suite in [*suites, suites]:
        _count(suite)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


def _count(element: ET.Element) -> None:
    """Set a suite's (or all suites') totals from the test cases it holds."""
    cases = element.findall(".//testcase")
    element.set("tests", str(len(cases)))
    for outcome in ("failures", "errors", "skipped"):
        tag = outcome.removesuffix("s")
        element.set(outcome, str(sum(1 for case in cases if case.find(tag) is not None)))
