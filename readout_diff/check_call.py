"""Check one call folder: every file valid, its comparison still what a person verified.

A bug inside one call shows as that call's error (``check_one``), not the corpus's.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

from readout_diff.check_result import CallResult, CheckOptions
from readout_diff.errors import InputError, ReadoutDiffError
from readout_diff.expect import (
    Expectation,
    Outcome,
    contradictions,
    evaluate,
    locate_in,
    parse_expectations,
    score,
)
from readout_diff.folders import (
    CALL_FILE,
    EXPECT_FILE,
    CallMeta,
    load_side,
    outside,
    outside_error,
    read_call_meta,
    tree_of,
    unlisted_files,
)
from readout_diff.load import load_yaml_file, node_lines
from readout_diff.model import Decision, Readout
from readout_diff.normalize import merge_aliases
from readout_diff.report import compare, pair_scorer


def check_call(
    folder: str, options: CheckOptions, *, keep_report: bool = False, root: str | None = None
) -> CallResult:
    """Validate and compare one call folder, then check its ``expect.yaml``.

    Its files must be inside ``root`` (by default the folder's parent) unless the options
    allow files outside.
    """
    name = os.path.basename(os.path.normpath(folder))
    try:
        meta = read_call_meta(
            folder, max_bytes=options.max_bytes, root=root, allow_outside=options.allow_outside
        )
    except ReadoutDiffError as exc:
        return CallResult(name, folder, errors=(str(exc),))
    readouts: list[Readout] = []
    errors = [str(error) for error in unlisted_files(folder, meta)]
    for k in range(len(meta.entries)):
        try:
            readouts.append(
                load_side(meta, k, max_bytes=options.max_bytes, clauses=options.clauses)
            )
        except ReadoutDiffError as exc:
            errors.append(str(exc))
    errors.extend(_same_names(readouts, meta))
    expectations: tuple[Expectation, ...] = ()
    expect_path = os.path.join(folder, EXPECT_FILE)
    if os.path.lexists(expect_path):  # a FIFO or a broken link is reported, not skipped
        try:
            tree = tree_of(folder, root)
            if not options.allow_outside and outside(expect_path, tree):
                raise outside_error(expect_path, tree)
            data, node = load_yaml_file(expect_path, max_bytes=options.max_bytes)
            sides = None if errors else [r.name for r in readouts]
            named_in = CALL_FILE if os.path.exists(os.path.join(folder, CALL_FILE)) else None
            expectations = parse_expectations(
                data, path=expect_path, sides=sides, lines=node_lines(node), named_in=named_in
            )
            errors.extend(map(str, contradictions(expectations, expect_path)))
        except ReadoutDiffError as exc:
            errors.append(str(exc))
    if errors:
        return CallResult(name, folder, meta.title, errors=tuple(errors))
    aliases = merge_aliases(dict(options.aliases), meta.aliases)
    decisions = _decisions_of(name, meta.decisions, options)
    try:
        report = compare(
            readouts,
            scorer=options.scorer,
            threshold=options.threshold,
            margin=options.margin,
            aliases=aliases,
            title=meta.title,
            decisions=decisions,
            rule=options.rule,
        )
    except ReadoutDiffError as exc:
        return CallResult(name, folder, meta.title, errors=(str(exc),))
    outcomes = _against_decisions(
        evaluate(
            report,
            expectations,
            pair_score=pair_scorer(report, aliases=aliases, scorer=options.scorer),
        ),
        decisions,
        report.sides,
    )
    outcomes = tuple(
        Outcome(o.expectation, o.met, o.detail, f"{expect_path}:{o.expectation.line}: {o.error}")
        if o.error
        else o
        for o in outcomes
    )
    return CallResult(
        name=name,
        path=folder,
        title=meta.title,
        sides=tuple(r.name for r in readouts),
        claims=tuple(len(r.claims) for r in readouts),
        shared=sum(1 for p in report.points if len(p.present) > 1),
        one_sided=tuple(side.only for side in report.summary),
        outcomes=outcomes,
        score=score(outcomes),
        report=report if keep_report else None,
    )


def _against_decisions(
    outcomes: tuple[Outcome, ...], decisions: tuple[Decision, ...], readouts: Sequence[Readout]
) -> tuple[Outcome, ...]:
    """Failed expectations a reader's decision caused say so: a pair decided ``different``
    that ``expect.yaml`` holds shared, or ``same`` where it holds one claim alone."""
    if not decisions:
        return outcomes
    placed: dict[frozenset[str], Decision] = {}
    for decision in decisions:
        found = [locate_in(readouts, side, phrase)[0] for side, phrase in decision.phrases]
        if all(found):
            placed[frozenset(c.id for c in found if c)] = decision
    out = []
    for outcome in outcomes:
        if not outcome.met and not outcome.error:
            found = [locate_in(readouts, s, p)[0] for s, p in outcome.expectation.phrases]
            ids = {c.id for c in found if c}
            for pair, decision in placed.items():
                wanted = "different" if outcome.expectation.kind != "only" else "same"
                if decision.kind == wanted and (pair == ids or (wanted == "same" and ids & pair)):
                    where = f"{decision.path}:{decision.line}" if decision.line else decision.path
                    outcome = replace(
                        outcome,
                        detail=f"{outcome.detail}; a reader decided {' and '.join(sorted(pair))}"
                        f" are {decision.kind} ({where}), against this expectation",
                    )
                    break
        out.append(outcome)
    return tuple(out)


def _decisions_of(
    name: str, own: tuple[Decision, ...], options: CheckOptions
) -> tuple[Decision, ...]:
    if not options.decisions:
        return ()
    extra = dict(options.extra_decisions).get(name, ())
    return (*own, *extra)


def check_one(args: tuple[str, CheckOptions, str]) -> CallResult:
    """One call, whatever goes wrong in it: a bug shows as that call's error, not the corpus's."""
    folder, options, root = args
    try:
        return check_call(folder, options, root=root)
    except Exception as exc:
        detail = " ".join(str(exc).split())[:200]
        name = os.path.basename(os.path.normpath(folder))
        return CallResult(
            name, folder, errors=(f"{folder}: internal error: {type(exc).__name__}: {detail}",)
        )


def _same_names(readouts: list[Readout], meta: CallMeta) -> list[str]:
    """An error for each side named as an earlier one, at its line of call.yaml: reported
    before the expectations, which would only find one of the two sides unknown."""
    errors = []
    seen: set[str] = set()
    for k, readout in enumerate(readouts):
        if readout.name in seen:
            line = meta.entry_lines[k] if k < len(meta.entry_lines) else None
            errors.append(
                str(
                    InputError(
                        f"two sides are named {readout.name!r}; rename one in {CALL_FILE}",
                        path=meta.call_file or readout.path,
                        line=line if meta.call_file else None,
                    )
                )
            )
        seen.add(readout.name)
    return errors
