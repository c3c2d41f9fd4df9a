"""How fast readout-diff is, as whole processes and in-process, against baselines in the same run.

Usage:
    python bench/perf.py [--runs N] [--quick]

Prints one table: workload, median wall time, peak memory (resident, of the largest
process), and the ratio against its baseline measured in the same run:

- pair (json / terminal): ``readout-diff compare A B`` on two readouts of about 30 claims,
  against starting Python and importing exactly what that output path imports;
- --help / --version: against starting Python and importing Typer;
- long documents (1,000 and 5,000 claims a side, generated): against the full rapidfuzz
  matrix (``process.cdist`` with ``fuzz.ratio``) and difflib sentence matching (timed on a
  sample, scaled to the full matrix);
- corpus: ``readout-diff check`` over 1,000 generated calls with --jobs 1 and --jobs 2;
- ten sides of 50 claims.

It also checks that the candidate index loses no pairing that scoring the full matrix
finds, on every annotated call and on the 1,000-claim document.
Needs only the standard library and the project's own dependencies; Linux or macOS (it
reads each process's peak memory with ``os.wait4``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAIR = (
    "readouts/2023-11-15-biden-xi-woodside/white-house.md",
    "readouts/2023-11-15-biden-xi-woodside/china-mfa.yaml",
)
JSON_IMPORTS = "import typer, rapidfuzz, yaml"
PACKAGE_IMPORTS = (
    "import readout_diff.cli, readout_diff.load, readout_diff.report, readout_diff.render.as_json"
)
TERMINAL_IMPORTS = PACKAGE_IMPORTS + ", readout_diff.render.terminal"
# Children may write and use bytecode caches, as an installed tool does.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
COMMON = (
    "the leaders discussed agreed noted stressed importance cooperation security "
    "situation talks support relations economic region dialogue"
).split()


def _once(args: Sequence[str], cwd: Path) -> tuple[float, float]:
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    started = time.perf_counter()
    child = subprocess.Popen(
        args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    return time.perf_counter() - started, usage.ru_maxrss / scale


def run_process(args: Sequence[str], runs: int, cwd: Path = ROOT) -> tuple[float, float]:
    """Median wall seconds and peak resident MiB of a command over ``runs`` runs (one warm-up)."""
    _once(args, cwd)
    measured = [_once(args, cwd) for _ in range(runs)]
    return statistics.median(t for t, _ in measured), max(m for _, m in measured)


def paired(
    args: Sequence[str], baseline: Sequence[str], runs: int, cwd: Path = ROOT
) -> tuple[float, float, float, float]:
    """Run a command and its baseline in turn; medians of each and of the pairwise ratio.

    Taking the ratio pair by pair keeps it honest when the machine's speed drifts.
    """
    _once(args, cwd)
    _once(baseline, cwd)
    times, bases, ratios, peaks = [], [], [], []
    for _ in range(runs):
        elapsed, peak = _once(args, cwd)
        base, _ = _once(baseline, cwd)
        times.append(elapsed)
        bases.append(base)
        ratios.append(elapsed / base)
        peaks.append(peak)
    return statistics.median(times), max(peaks), statistics.median(bases), statistics.median(ratios)


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def tool(*args: str) -> list[str]:
    return [sys.executable, "-m", "readout_diff", *args]


def words(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice("abcdefghiklmnoprstuvw") for _ in range(rnd.randint(5, 9)))
        for _ in range(n)
    ]


def document(n: int, seed: int, shared: list[list[str]], vocabulary: list[str]) -> str:
    """A readout of n sentences: common readout words, then rarer content words (Zipf-like)."""
    rnd = random.Random(seed)
    sentences = []
    for k in range(n):
        if rnd.random() < 0.5:
            body = shared[k]
        else:
            body = [
                vocabulary[int(len(vocabulary) * rnd.random() ** 2)]
                for _ in range(rnd.randint(4, 9))
            ]
        sentence = " ".join(rnd.choice(COMMON) for _ in range(3)) + " " + " ".join(body)
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
    return "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, n, 5)) + "\n"


def write_documents(folder: Path, n: int) -> tuple[Path, Path]:
    vocabulary = words(6000, 7)
    rnd = random.Random(n)
    shared = [[rnd.choice(vocabulary) for _ in range(6)] for _ in range(n)]
    a, b = folder / f"long-a-{n}.txt", folder / f"long-b-{n}.txt"
    a.write_text(document(n, 1, shared, vocabulary), encoding="utf-8")
    b.write_text(document(n, 2, shared, vocabulary), encoding="utf-8")
    return a, b


def write_corpus(folder: Path, calls: int) -> Path:
    corpus = folder / "corpus"
    examples = [p for p in sorted((ROOT / "readouts").iterdir()) if p.is_dir()]
    for k in range(calls):
        shutil.copytree(examples[k % len(examples)], corpus / f"call-{k:04d}")
    return corpus


def write_sides(folder: Path, sides: int, claims: int) -> Path:
    call = folder / "ten-sides"
    call.mkdir()
    vocabulary = words(800, 11)
    topics = [[random.Random(t).choice(vocabulary) for _ in range(5)] for t in range(claims)]
    for s in range(sides):
        rnd = random.Random(100 + s)
        lines = []
        for t in range(claims):
            body = topics[t] if rnd.random() < 0.6 else [rnd.choice(vocabulary) for _ in range(5)]
            lines.append(f"The side {s} noted " + " ".join(body) + ".")
        (call / f"side-{s:02d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return call


def full_matrix(a: Path, b: Path, runs: int) -> tuple[float, float]:
    code = (
        "import sys\nfrom rapidfuzz import fuzz, process\n"
        "from readout_diff.load import load_readout\n"
        f"x = [c.text for c in load_readout({str(a)!r}).claims]\n"
        f"y = [c.text for c in load_readout({str(b)!r}).claims]\n"
        "m = process.cdist(x, y, scorer=fuzz.ratio, workers=1)\n"
    )
    return run_process(python(code), runs)


def difflib_estimate(a: Path, b: Path) -> float:
    """Seconds difflib would take on the whole matrix, from a timed 60 x 60 sample."""
    import difflib

    from readout_diff.load import load_readout

    x = [c.text for c in load_readout(str(a)).claims]
    y = [c.text for c in load_readout(str(b)).claims]
    sample = 60
    started = time.perf_counter()
    for s in x[:sample]:
        for t in y[:sample]:
            difflib.SequenceMatcher(None, s, t).ratio()
    per_pair = (time.perf_counter() - started) / (sample * sample)
    return per_pair * len(x) * len(y)


def index_loses_nothing(paths: Sequence[Sequence[Path]]) -> tuple[int, int]:
    """Compare pairings with and without the candidate index; return (calls, calls that differ)."""
    import readout_diff.scorers.weighted as score
    from readout_diff.load import load_readout
    from readout_diff.report import compare

    differ = 0
    for files in paths:
        readouts = [load_readout(str(p)) for p in files]
        saved = (score.CANDIDATE_FLOOR, score.CANDIDATE_SHARE)
        indexed = {frozenset(c.id for c in p.claims) for p in compare(readouts).points}
        score.CANDIDATE_FLOOR, score.CANDIDATE_SHARE = 10**9, 1.0
        try:
            full = {frozenset(c.id for c in p.claims) for p in compare(readouts).points}
        finally:
            score.CANDIDATE_FLOOR, score.CANDIDATE_SHARE = saved
        differ += indexed != full
    return len(paths), differ


def annotated_calls() -> list[list[Path]]:
    """The readout files of every annotated call whose files are here; say which are not.

    bench/corpus names readouts in a folder beside the repository (../shared), which a
    fresh clone lacks: those calls are skipped, and the skip is printed.
    """
    from readout_diff.folders import discover, read_call_meta

    calls = []
    for corpus in ("readouts", "bench/heldout", "bench/corpus"):
        missing = 0
        try:
            folders = discover(str(ROOT / corpus))
        except Exception as exc:
            print(f"skipping {corpus}: {exc}", flush=True)
            continue
        for folder in folders:
            try:
                files = [Path(p) for p, _, _ in read_call_meta(folder, allow_outside=True).entries]
            except Exception:
                files = []
            if files and all(f.is_file() for f in files):
                calls.append(files)
            else:
                missing += 1
        if missing:
            print(
                f"skipping {missing} of {len(folders)} calls of {corpus} in the candidate-index"
                " check: their readout files are missing (bench/corpus reads ../shared)",
                flush=True,
            )
    return calls


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per short workload")
    parser.add_argument("--quick", action="store_true", help="skip the 5,000-claim and corpus runs")
    args = parser.parse_args(argv)
    print(f"{'workload':38} {'time s':>8} {'peak MiB':>9}  {'ratio':>6}  {'baseline':26} target")

    class Rows(list[tuple[str, float, float, str, float, str]]):
        """The rows of the table, each printed as soon as it is measured."""

        def append(self, row: tuple[str, float, float, str, float, str]) -> None:
            super().append(row)
            name, seconds, peak, base_name, ratio, target = row
            ratio_text = f"{ratio:6.2f}" if base_name else "      "
            peak_text = f"{peak:9.1f}" if peak else "        -"
            print(
                f"{name:38} {seconds:8.3f} {peak_text}  {ratio_text}  {base_name:26} {target}",
                flush=True,
            )

    rows = Rows()

    def add(
        name: str, measured: tuple[float, float], base_name: str, base: float, target: str
    ) -> None:
        rows.append((name, measured[0], measured[1], base_name, measured[0] / base, target))

    def add_paired(
        name: str, args: Sequence[str], base_name: str, base: Sequence[str], target: str
    ) -> None:
        seconds, peak, _, ratio = paired(args, base, args_runs)
        rows.append((name, seconds, peak, base_name, ratio, target))

    args_runs = args.runs
    json_floor = python(f"{JSON_IMPORTS}; {PACKAGE_IMPORTS}")
    add_paired(
        "pair, json (29 x 24 claims)",
        tool("compare", *PAIR, "-f", "json"),
        "import floor",
        json_floor,
        "<= 1.2",
    )
    add_paired(
        "pair, json",
        tool("compare", *PAIR, "-f", "json"),
        "third-party imports only",
        python(JSON_IMPORTS),
        "",
    )
    add_paired(
        "pair, terminal",
        tool("compare", *PAIR, "--width", "80"),
        "import floor",
        python(f"{JSON_IMPORTS}; {TERMINAL_IMPORTS}"),
        "<= 1.2",
    )
    # The tool leaves with os._exit once its output is flushed; the same exit for the floor
    # shows what the work itself costs, without the saving on interpreter teardown.
    quick_exit = "; import os; os._exit(0)"
    add_paired(
        "pair, json",
        tool("compare", *PAIR, "-f", "json"),
        "import floor, quick exit",
        python(f"{JSON_IMPORTS}; {PACKAGE_IMPORTS}{quick_exit}"),
        "",
    )
    add_paired(
        "pair, terminal",
        tool("compare", *PAIR, "--width", "80"),
        "import floor, quick exit",
        python(f"{JSON_IMPORTS}; {TERMINAL_IMPORTS}{quick_exit}"),
        "",
    )
    add_paired("--help", tool("--help"), "import typer", python("import typer"), "")
    add_paired("--version", tool("--version"), "import typer", python("import typer"), "")
    floor_seconds = run_process(json_floor, args.runs)[0]

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for n in (1000,) if args.quick else (1000, 5000):
            a, b = write_documents(folder, n)
            runs = 3 if n == 1000 else 1
            measured = run_process(tool("compare", str(a), str(b), "-f", "json"), runs)
            matrix = full_matrix(a, b, runs)
            add(
                f"long, {n:,} x {n:,} claims",
                measured,
                "full rapidfuzz matrix",
                matrix[0],
                "< 2 s" if n == 1000 else "< 15 s",
            )
            rows.append((f"  full rapidfuzz matrix, {n:,}", matrix[0], matrix[1], "", 0.0, ""))
            estimate = difflib_estimate(a, b)
            rows.append((f"  difflib matrix, {n:,} (estimated)", estimate, 0.0, "", 0.0, ""))
            if n == 1000:
                long_pair = [[a, b]]
        sides = write_sides(folder, 10, 50)
        ten = run_process(tool("compare", str(sides), "-f", "json"), 3)
        add("10 sides x 50 claims", ten, "import floor", floor_seconds, "< 1 s")
        if not args.quick:
            corpus = write_corpus(folder, 1000)
            for jobs in (1, 2):
                measured = run_process(tool("check", str(corpus), "-f", "json", "-j", str(jobs)), 1)
                rows.append(
                    (
                        f"check, 1,000 calls, --jobs {jobs}",
                        measured[0],
                        measured[1],
                        "",
                        0.0,
                        "< 10 s" if jobs == 2 else "",
                    )
                )
        calls, differ = index_loses_nothing(annotated_calls() + long_pair)

    print(
        f"\ncandidate index against the full matrix: {calls} comparisons, {differ} with any pairing lost"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
