"""Pair claims across sides into points, and say why each claim was or was not paired.

Each claim picks its best-scoring claim on every other side. The pick becomes a link if:

- the two claims have the same content words (score 1); or
- it scores at least the threshold and beats the next different candidate by the margin; or
- the two claims are each other's best match (mutual), it scores at least ``MUTUAL_FACTOR``
  of the threshold, and ``MUTUAL_RATIO`` times its runner-up;

and, in every case, it is at least ``ATTACH`` of the best score the picked claim has with any
claim of the picking side, so a weak claim does not hang on a point that belongs elsewhere.

Once two sentences are linked through one of their clauses, their other clauses are read
together: a clause also links to the clause of the linked sentence it scores best with, if
that scores at least ``SIBLING`` of the threshold (a paired sentence).

Claims joined by links form a point; a compound sentence on one side can thus gather two
sentences of the other. Ties never pick by position, so order does not change the result.

A reader's decisions come first: a pair decided ``same`` is linked whatever it scores, and a
pair decided ``different`` is never linked, each claim then pairing as if the other were not
there. Every point gets a confidence (see ``confidence.py``).

>>> from readout_diff.model import Claim
>>> a = (Claim("a:1", "a", 0, "Ransomware was raised.", 0, 22, 1),)
>>> b = (Claim("b:1", "b", 0, "They spoke of ransomware.", 0, 25, 1),
...      Claim("b:2", "b", 1, "Hockey matches.", 26, 41, 1))
>>> [p.present for p in align_claims([a, b], ["a", "b"])]
[('a', 'b'), ('b',)]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

from readout_diff.confidence import DEFAULT_RULE, ConfidenceRule, LinkEvidence
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_SCORER, DEFAULT_THRESHOLD
from readout_diff.model import Candidate, Claim, Link, Point, Record
from readout_diff.normalize import Analyzer
from readout_diff.score import Scorer, Similarity, score_sides

MUTUAL_FACTOR = 0.6
MUTUAL_RATIO = 1.5
ATTACH = 0.6
SIBLING = 0.4
_EXACT = 1.0 - 1e-9

SAME_WORDS = "same content words"
BEST = "best match"
MUTUAL = "mutual best match"
SENTENCE = "clause of a paired sentence"
DECIDED = "decided by a reader"

Node = tuple[int, int]
LinkKey = tuple[Node, Node]


class _Pick(Record):
    """What one claim's best candidate on another side is, and whether it links to it."""

    score: float
    side: int
    index: int
    rival: tuple[int, int, float] | None
    rule: str | None
    mutual: bool
    stronger: tuple[int, float] | None = None


def align_claims(
    claims: Sequence[Sequence[Claim]],
    names: Sequence[str],
    *,
    scorer: str | Scorer = DEFAULT_SCORER,
    threshold: float = DEFAULT_THRESHOLD,
    margin: float = DEFAULT_MARGIN,
    analyzer: Analyzer | None = None,
    same: Collection[tuple[str, str]] = (),
    different: Collection[tuple[str, str]] = (),
    rule: ConfidenceRule = DEFAULT_RULE,
) -> tuple[Point, ...]:
    """Group the claims of every side into points; one-sided points carry their nearest miss.

    ``same`` and ``different`` are pairs of claim ids a reader decided; ``rule`` sets how
    strong the evidence must be for a verdict to be sure.
    """
    analyzer = analyzer or Analyzer()
    sim = score_sides([[c.text for c in side] for side in claims], analyzer=analyzer, scorer=scorer)
    # One tuple per claim, shared by every link and group that names it.
    nodes = [[(s, i) for i in range(len(side))] for s, side in enumerate(claims)]
    node_of = {c.id: nodes[s][i] for s, side in enumerate(claims) for i, c in enumerate(side)}
    apart = _decided_pairs(different, node_of)
    sim.forbid(apart)
    parent: dict[Node, Node] = {node: node for side_nodes in nodes for node in side_nodes}
    links: dict[LinkKey, tuple[float, str, float | None]] = {}
    best: dict[Node, _Pick] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a in range(len(claims)):
        for b in range(len(claims)):
            if a == b:
                continue
            for i in range(len(claims[a])):
                found = _pick(sim, a, i, b, threshold=threshold, margin=margin)
                if found is None:
                    continue
                pick, twins = found
                previous = best.get((a, i))
                if (
                    previous is None
                    or pick.score > previous.score
                    # equal scores on two sides: the side's name decides, not its position
                    or (pick.score == previous.score and names[b] < names[previous.side])
                ):
                    best[(a, i)] = pick
                if pick.rule is None:
                    continue
                runner_up = pick.rival[2] if pick.rival is not None else None
                value = (pick.score, pick.rule, runner_up)
                x = nodes[a][i]
                for j in twins:
                    y = nodes[b][j]
                    links.setdefault(_key(x, y), value)

    decided = {
        key: (sim.score_of(*key[0], *key[1]), DECIDED, None)
        for key in _decided_pairs(same, node_of)
    }
    kept_apart = {node for pair in apart for node in pair}
    siblings = _sentence_links(sim, claims, [*links, *decided], threshold, kept_apart)
    for key, value in [*decided.items(), *siblings.items()]:
        if value[1] == DECIDED:
            links[key] = value
        else:
            links.setdefault(key, value)
    # A claim whose link a reader's decision dropped: (its partner, the two kept apart).
    blocked: dict[Node, tuple[Node, Node, Node]] = {}
    if not apart:
        for x, y in links:
            ra, rb = find(x), find(y)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    else:
        # Two claims a reader kept apart never end in one point, even through a third side's
        # claim: links join groups strongest first (a reader's first of all), and a link that
        # would put a kept-apart pair together is dropped.
        grouped: dict[Node, list[Node]] = {}
        order = sorted(links, key=lambda k: (links[k][1] != DECIDED, -links[k][0], k))
        for x, y in order:
            ra, rb = find(x), find(y)
            if ra == rb:
                continue
            group_a, group_b = grouped.get(ra, [ra]), grouped.get(rb, [rb])
            clash = next(((u, v) for u in group_a for v in group_b if _key(u, v) in apart), None)
            if clash is not None:
                del links[(x, y)]
                blocked.setdefault(x, (y, *clash))
                blocked.setdefault(y, (x, *clash))
                continue
            root, other = min(ra, rb), max(ra, rb)
            parent[other] = root
            grouped[root] = [*group_a, *group_b]
            grouped.pop(other, None)

    groups: dict[Node, list[Node]] = {}
    for node in sorted(parent):
        groups.setdefault(find(node), []).append(node)
    links_of: dict[Node, list[Link]] = {}
    rounded: dict[float, float] = {}  # one float per rounded score, however many links hold it
    for x, y in sorted(links):  # the keys alone: a list of items would copy every link
        score, how, runner_up = links[(x, y)]
        first = round(score, 4)
        second = None if runner_up is None else round(runner_up, 4)
        links_of.setdefault(find(x), []).append(
            Link(
                claims[x[0]][x[1]].id,
                claims[y[0]][y[1]].id,
                rounded.setdefault(first, first),
                sim.shared_words(x[0], x[1], y[0], y[1]),
                how,
                None if second is None else rounded.setdefault(second, second),
            )
        )
    held: dict[Node, float] = {}
    for (x, y), (score, _, _) in links.items():
        for node in (x, y):
            held[node] = max(score, held.get(node, 0.0))
    paired_sentence = _in_paired_sentences(claims, groups)
    points: list[Point] = []
    # The sides present and missing, one pair of tuples for every point of the same sides.
    shapes: dict[tuple[int, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for number, (root, members) in enumerate(sorted(groups.items(), key=lambda g: g[1][0]), 1):
        present_idx = tuple(sorted({s for s, _ in members}))
        shape = shapes.get(present_idx)
        if shape is None:
            shape = shapes[present_idx] = (
                tuple(names[s] for s in present_idx),
                tuple(n for s, n in enumerate(names) if s not in present_idx),
            )
        present, missing = shape
        member_links = tuple(links_of.get(root, ()))
        nearest = None
        if len(members) == 1 and missing:
            lone = best.get(members[0])
            nearest = _nearest(sim, claims, members[0], lone, threshold, margin)
            confidence = rule.lone(
                None if lone is None else lone.score,
                elsewhere=lone is not None and lone.stronger is not None,
                taken=None if lone is None else held.get((lone.side, lone.index)),
                hollow=_hollow(sim, members[0], claims[members[0][0]][members[0][1]].text),
                sentence_paired=members[0] in paired_sentence,
            )
            refused = _refused_by_reader(sim, claims, members[0], apart)
            if members[0] in blocked:
                # It would be in a point but for a reader's decision: the verdict is theirs.
                kept_out = _kept_out_by_reader(sim, claims, members[0], blocked[members[0]])
                nearest, confidence = kept_out, ("sure", "decided")
            elif refused is not None and (
                lone is None or (confidence[0] == "sure" and refused.score >= lone.score)
            ):
                # Its only candidate, or its best one, is one a reader kept apart from it:
                # without that answer it would not be sure, so the verdict is the reader's.
                nearest, confidence = refused, ("sure", "decided")
        elif len(members) == 1:
            confidence = ("sure", "no-candidate")
        else:
            text_of = {claims[s][i].id: claims[s][i].text for s, i in members}
            confidence = rule.shared([evidence(link, text_of.__getitem__) for link in member_links])
        points.append(
            Point(
                id=f"p{number}",
                claims=tuple(claims[s][i] for s, i in members),
                present=present,
                missing=missing,
                score=min((link.score for link in member_links), default=None),
                links=member_links,
                nearest=nearest,
                confidence=confidence[0],
                confidence_reason=confidence[1],
            )
        )
    return tuple(points)


def _refused_by_reader(
    sim: Similarity, claims: Sequence[Sequence[Claim]], node: Node, apart: Collection[LinkKey]
) -> Candidate | None:
    """The closest claim a reader decided makes another point than ``node``'s, if any."""
    kept = [y if x == node else x for x, y in apart if node in (x, y)]
    if not kept:
        return None
    scored = [(sim.score_of(*node, *other), other) for other in kept]
    score, (s, j) = max(scored, key=lambda found: (found[0], claims[found[1][0]][found[1][1]].id))
    partner = claims[s][j]
    return Candidate(
        partner.id,
        round(score, 4),
        f"scores {score:.3f}, but a reader decided {partner.id} makes another point",
        sim.shared_words(*node, s, j),
        code="decided-different",
    )


def _kept_out_by_reader(
    sim: Similarity,
    claims: Sequence[Sequence[Claim]],
    node: Node,
    why: tuple[Node, Node, Node],
) -> Candidate:
    """The claim ``node`` would have joined but for a reader's decision: joined, it would
    have put two claims a reader kept apart in one point."""
    other, (s, i), (t, j) = why
    partner = claims[other[0]][other[1]]
    score = sim.score_of(*node, *other)
    first, second = sorted((claims[s][i].id, claims[t][j].id))
    return Candidate(
        partner.id,
        round(score, 4),
        f"scores {score:.3f}, but joining {partner.id} would put {first} and {second}, which"
        " a reader decided make different points, in one point",
        sim.shared_words(*node, *other),
        code="decided-different",
    )


def _in_paired_sentences(
    claims: Sequence[Sequence[Claim]], groups: dict[Node, list[Node]]
) -> set[Node]:
    """The claims that share their sentence with a claim of a point more than one side makes."""
    shared_sentences = {
        (s, claims[s][i].sentence)
        for members in groups.values()
        if len({side for side, _ in members}) > 1
        for s, i in members
    }
    return {
        (s, i)
        for s, side in enumerate(claims)
        for i, claim in enumerate(side)
        if (s, claim.sentence) in shared_sentences
    }


# A claim of one content word in at most this many words, opening as speech does ("I don't
# know.", "Thank you."), is a reply, not a point; "Sanctions were not discussed." is a point.
_REPLY = 4
_SPOKEN = frozenset("i we you yes no thank thanks well ok okay".split())


def _hollow(sim: Similarity, node: Node, text: str) -> bool:
    """A claim that makes no point: no content term (scorers know such a claim by its folded
    text, ``\x00...``), a question, or a short spoken reply of one content word.
    """
    content = sim.content(*node)
    if any(term.startswith("\x00") for term in content):
        return True
    words = text.split()
    spoken = bool(words) and words[0].strip(",.!").casefold() in _SPOKEN
    return text.rstrip().endswith("?") or (spoken and len(content) <= 1 and len(words) <= _REPLY)


def evidence(link: Link, texts: Callable[[str], str] | None = None) -> LinkEvidence:
    """What the confidence rule reads of a link: its score, rival, words and rule, and (with
    ``texts``, a claim's text by its id) whether the two claims are written alike."""
    exact = link.rule == SAME_WORDS
    return LinkEvidence(
        link.score,
        link.runner_up,
        len(link.words),
        exact=exact,
        sibling=link.rule == SENTENCE,
        decided=link.rule == DECIDED,
        verbatim=exact and texts is not None and _alike(texts(link.left), texts(link.right)),
    )


def _alike(one: str, other: str) -> bool:
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())


def _key(x: Node, y: Node) -> LinkKey:
    return (x, y) if x < y else (y, x)


def _decided_pairs(pairs: Collection[tuple[str, str]], node_of: dict[str, Node]) -> set[LinkKey]:
    """Claim-id pairs as ordered node pairs; ids of no claim here, or of one side, are left out."""
    found: set[LinkKey] = set()
    for left, right in pairs:
        x, y = node_of.get(left), node_of.get(right)
        if x is not None and y is not None and x[0] != y[0]:
            found.add((min(x, y), max(x, y)))
    return found


def _pick(
    sim: Similarity, a: int, i: int, b: int, *, threshold: float, margin: float
) -> tuple[_Pick, list[int]] | None:
    """Claim ``i`` of side ``a``'s best candidate on side ``b``, with its equal twins."""
    row = sim.row(a, i, b)
    if not row:
        return None
    top_j, top = row[0]
    content = sim.content(b, top_j)
    twins: list[int] = []
    rival = None
    for j, v in row:
        if sim.content(b, j) != content:
            rival = (b, j, v)
            break
        if v == top:
            twins.append(j)
    second = rival[2] if rival is not None else 0.0
    mutual = _is_best_of(sim, b, top_j, a, i)
    rule = None
    if top >= _EXACT:
        rule = SAME_WORDS
    elif top >= threshold and top - second >= margin:
        rule = BEST
    elif mutual and top >= threshold * MUTUAL_FACTOR and top >= MUTUAL_RATIO * second:
        rule = MUTUAL
    stronger = None
    back = sim.row(b, top_j, a)
    if rule is not None and back and top < ATTACH * back[0][1]:
        stronger, rule = (back[0][0], back[0][1]), None
    return _Pick(top, b, top_j, rival, rule, mutual, stronger), twins


def _sentence_links(
    sim: Similarity,
    claims: Sequence[Sequence[Claim]],
    linked: list[LinkKey],
    threshold: float,
    apart: Collection[Node] = (),
) -> dict[LinkKey, tuple[float, str, float | None]]:
    """Links between the other clauses of sentences that one link already pairs.

    Each clause links to the clause of each paired sentence it scores best with (all of
    them when they have the same content words; none when different ones tie), if that
    scores at least ``SIBLING`` of the threshold. Clauses of one sentence written alike
    score alike: the first of them links to all its best partners, the others to the
    first of those, so that a sentence repeating a clause does not cost the square of its
    repeats (claims in ``apart``, which a reader kept from some claim, are read alone).
    """
    floor = SIBLING * threshold
    members: dict[tuple[int, int], list[int]] = {}
    for s, side in enumerate(claims):
        for i, claim in enumerate(side):
            members.setdefault((s, claim.sentence), []).append(i)
    # A sentence of one clause paired only with sentences of one clause gains no link: its
    # pairs are not kept (a long readout of short sentences would keep a set per sentence).
    many = {key for key, clauses in members.items() if len(clauses) > 1}
    needed = set(many)
    if many:
        for x, y in linked:
            sx, sy = (x[0], claims[x[0]][x[1]].sentence), (y[0], claims[y[0]][y[1]].sentence)
            if sx in many or sy in many:
                needed.update((sx, sy))
    paired: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for x, y in linked if needed else ():
        sx, sy = (x[0], claims[x[0]][x[1]].sentence), (y[0], claims[y[0]][y[1]].sentence)
        if sx in needed:
            paired.setdefault(sx, set()).add(sy)
        if sy in needed:
            paired.setdefault(sy, set()).add(sx)
    found: dict[LinkKey, tuple[float, str, float | None]] = {}
    for (a, sentence), others in sorted(paired.items()):
        clauses = members[(a, sentence)]
        by_side: dict[int, list[tuple[int, int]]] = {}
        for other in sorted(others):
            by_side.setdefault(other[0], []).append(other)
        for b, sentences in by_side.items():
            if len(clauses) == 1 and all(len(members[other]) == 1 for other in sentences):
                continue  # one clause against one: the links that paired them are all there is
            partners = [j for other in sentences for j in members[other]]
            alike: dict[str, tuple[float, list[int]] | None] = {}
            for i in clauses:
                text = claims[a][i].text
                alone = (a, i) in apart
                if alone or text not in alike:
                    scored = [
                        (sim.score_of(a, i, b, j), j)
                        for j in partners
                        if not (alone and sim.forbidden_pair(a, i, b, j))
                    ]
                    top = max((v for v, _ in scored), default=0.0)
                    best = [j for v, j in scored if v == top]
                    usable = top >= floor and top > 0.0
                    if usable and len({sim.content(b, j) for j in best}) > 1:
                        usable = False
                    if alone:
                        for j in best if usable else ():
                            key = min((a, i), (b, j)), max((a, i), (b, j))
                            found.setdefault(key, (top, SENTENCE, None))
                        continue
                    alike[text] = (top, best) if usable else None
                    chosen = best
                else:
                    kept = alike[text]
                    chosen = kept[1][:1] if kept is not None else []
                kept = alike[text]
                if kept is None:
                    continue
                for j in chosen:
                    key = min((a, i), (b, j)), max((a, i), (b, j))
                    found.setdefault(key, (kept[0], SENTENCE, None))
    return found


def _is_best_of(sim: Similarity, b: int, j: int, a: int, i: int) -> bool:
    """Whether claim ``i`` of ``a`` is (one of the equal) best candidates of ``j`` of ``b``."""
    back = sim.row(b, j, a)
    if not back:
        return False
    best = back[0][1]
    content = sim.content(a, i)
    found = False
    for k, v in back:
        if v < best:
            break
        if sim.content(a, k) != content:
            return False
        found = found or k == i
    # A row keeps only the first few claims of one content: ``i`` may be a twin left out.
    return found or (not sim.forbidden_pair(b, j, a, i) and sim.score_of(b, j, a, i) == best)


@lru_cache(maxsize=16)
def _no_shared_word(sides: int, threshold: float) -> Candidate:
    """What a claim no claim of another side shares a word with is told: one record for all."""
    others = "the other side" if sides == 2 else "any other side"
    return Candidate(
        "",
        0.0,
        f"no claim of {others} shares a content word with it",
        code="no-shared-word",
        threshold=threshold,
    )


def _nearest(
    sim: Similarity,
    claims: Sequence[Sequence[Claim]],
    node: tuple[int, int],
    pick: _Pick | None,
    threshold: float,
    margin: float,
) -> Candidate:
    """The claim a one-sided claim came closest to, and the rule that kept them apart.

    Its code names that rule; ``threshold`` is the score the pairing needed under it.
    """
    if pick is None:
        return _no_shared_word(len(claims), threshold)
    partner = claims[pick.side][pick.index]
    words = sim.shared_words(node[0], node[1], pick.side, pick.index)
    score = round(pick.score, 4)
    against = None if pick.rival is None else claims[pick.rival[0]][pick.rival[1]].id
    runner_up = None if pick.rival is None else pick.rival[2]
    if pick.stronger is not None:
        other = claims[node[0]][pick.stronger[0]]
        against, runner_up = other.id, pick.stronger[1]
        code, needed = "partner-elsewhere", ATTACH * pick.stronger[1]
        reason = (
            f"scores {score:.3f}, but {partner.id} is much closer to {other.id}"
            f" ({pick.stronger[1]:.3f}); a claim joins a point only at {ATTACH:.0%} of its"
            " strongest link"
        )
    elif score >= threshold and pick.rival is not None:
        rival = claims[pick.rival[0]][pick.rival[1]]
        code, needed = "within-margin", pick.rival[2] + margin
        reason = (
            f"scores {score:.3f}, not ahead of {rival.id} ({pick.rival[2]:.3f})"
            f" by the margin {margin:.2f}"
        )
        if pick.mutual:
            reason += (
                f"; they are each other's best match, but a mutual match must score"
                f" {MUTUAL_RATIO:g} times its runner-up"
            )
    elif pick.mutual and pick.rival is not None and score >= threshold * MUTUAL_FACTOR:
        rival = claims[pick.rival[0]][pick.rival[1]]
        code, needed = "mutual-too-close", MUTUAL_RATIO * pick.rival[2]
        reason = (
            f"scores {score:.3f}; the two are each other's best match, but {rival.id} scores"
            f" {pick.rival[2]:.3f}, too close: a mutual match must score {MUTUAL_RATIO:g} times"
            " its runner-up"
        )
    elif pick.mutual:
        code, needed = "under-threshold", threshold * MUTUAL_FACTOR
        reason = (
            f"scores {score:.3f}, under the {threshold * MUTUAL_FACTOR:.3f} that a mutual best"
            f" match needs ({MUTUAL_FACTOR:.0%} of the threshold)"
        )
    elif score < threshold:
        code, needed = "under-threshold", threshold
        reason = f"scores {score:.3f}, under the threshold {threshold:.3f}"
    else:
        code, needed = "within-margin", margin
        reason = f"scores {score:.3f}, but was not linked"
    return Candidate(
        partner.id,
        score,
        reason,
        words,
        code=code,
        threshold=round(needed, 4),
        runner_up=None if runner_up is None else round(runner_up, 4),
        rival=against,
    )
