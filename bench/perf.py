"""How fast readout-diff is, as whole processes, against baselines measured in the same run.

Usage:
    python bench/perf.py [--runs N] [--calls N] [--quick] [--only start|long|check|index ...]

Prints one line per figure as soon as it is measured: workload, CPU time (user + system of
the process), wall time, peak memory (resident, of the largest process), the ratio against
its baseline, the idle cores of the machine just before (from /proc/stat, or the load
average), and the target, met or missed by how much:

- pair (json / terminal): ``readout-diff compare A B`` on two readouts of about 30 claims,
  against its floor, a one-command Typer app that imports rapidfuzz and yaml (and, for the
  terminal, Rich's Console), given the same arguments;
- --help / --version: against starting Python and importing Typer;
- long documents (generated): 10,000 claims a side against 1,000 a side (near-linear
  growth), and 30,000 a side against a minute and 500 MiB; the full rapidfuzz matrix at
  1,000 for scale;
- twenty sides of 100 claims against two sides of 1,000;
- corpus: ``readout-diff check`` over generated calls (10,000 by default) with --jobs 2
  against --jobs 1 (wall time: it needs two idle cores), and its peak memory against a
  corpus a tenth the size.

Ratios of one process to another are of CPU time, which a loaded machine disturbs less
than wall time. It also checks that the candidate index loses no pairing that scoring the
full matrix finds, on every annotated call whose files are here (bench/corpus reads
../shared, which a fresh clone lacks: those calls are skipped, and the skip is printed).
Needs only the standard library and the project's own dependencies; Linux or macOS (it
reads each process's resources with ``os.wait4``).
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

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


class Measured(NamedTuple):
    """One command: median CPU and wall seconds, peak resident MiB."""

    cpu: float
    wall: float
    peak: float


def _once(args: Sequence[str], cwd: Path) -> Measured:
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    started = time.perf_counter()
    child = subprocess.Popen(
        args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    wall = time.perf_counter() - started
    return Measured(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / scale)


def run_process(args: Sequence[str], runs: int, cwd: Path = ROOT, warm: bool = True) -> Measured:
    """Medians of a command over ``runs`` runs (after one warm-up unless ``warm`` is False)."""
    if warm:
        _once(args, cwd)
    measured = [_once(args, cwd) for _ in range(runs)]
    return Measured(
        statistics.median(m.cpu for m in measured),
        statistics.median(m.wall for m in measured),
        max(m.peak for m in measured),
    )


def paired(
    args: Sequence[str], baseline: Sequence[str], runs: int, cwd: Path = ROOT, warm: bool = True
) -> tuple[Measured, Measured, float]:
    """Run a command and its baseline in turn; medians of each and of the pairwise CPU ratio.

    Taking the ratio pair by pair keeps it honest when the machine's speed drifts.
    """
    if warm:
        _once(args, cwd)
        _once(baseline, cwd)
    tool, base, ratios = [], [], []
    for _ in range(runs):
        tool.append(_once(args, cwd))
        base.append(_once(baseline, cwd))
        ratios.append(tool[-1].cpu / base[-1].cpu)

    def median(found: list[Measured]) -> Measured:
        return Measured(
            statistics.median(m.cpu for m in found),
            statistics.median(m.wall for m in found),
            max(m.peak for m in found),
        )

    return median(tool), median(base), statistics.median(ratios)


def idle_cores(seconds: float = 0.5) -> float:
    """How many cores were idle over ``seconds`` (Linux /proc/stat; else from the load)."""
    cores = os.cpu_count() or 1
    try:
        first = _cpu_times()
        time.sleep(seconds)
        second = _cpu_times()
    except OSError:
        return max(0.0, cores - os.getloadavg()[0])
    busy = sum(second) - sum(first)
    idle = (second[3] + second[4]) - (first[3] + first[4])
    return cores * idle / busy if busy else float(cores)


def _cpu_times() -> list[int]:
    with open("/proc/stat", encoding="ascii") as stat:
        return [int(x) for x in stat.readline().split()[1:]]


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
    corpus = folder / f"corpus-{calls}"
    examples = [p for p in sorted((ROOT / "readouts").iterdir()) if p.is_dir()]
    for k in range(calls):
        shutil.copytree(examples[k % len(examples)], corpus / f"call-{k:04d}")
    return corpus


def write_sides(folder: Path, sides: int, claims: int) -> Path:
    call = folder / f"sides-{sides}"
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


def full_matrix(a: Path, b: Path, runs: int) -> Measured:
    code = (
        "import sys\nfrom rapidfuzz import fuzz, process\n"
        "from readout_diff.load import load_readout\n"
        f"x = [c.text for c in load_readout({str(a)!r}).claims]\n"
        f"y = [c.text for c in load_readout({str(b)!r}).claims]\n"
        "m = process.cdist(x, y, scorer=fuzz.ratio, workers=1)\n"
    )
    return run_process(python(code), runs)


def index_loses_nothing(paths: Sequence[Sequence[Path]]) -> tuple[int, int]:
    """Compare pairings with and without the candidate index; return (calls, calls that differ)."""
    import readout_diff.scorers.weighted as score
    from readout_diff.load import load_readout
    from readout_diff.report import compare

    differ = 0
    for files in paths:
        readouts = [load_readout(str(p)) for p in files]
        saved = (score.CANDIDATE_FLOOR, score.CANDIDATE_FULL)
        indexed = {frozenset(c.id for c in p.claims) for p in compare(readouts).points}
        score.CANDIDATE_FLOOR, score.CANDIDATE_FULL = 10**9, 10**9
        try:
            full = {frozenset(c.id for c in p.claims) for p in compare(readouts).points}
        finally:
            score.CANDIDATE_FLOOR, score.CANDIDATE_FULL = saved
        differ += indexed != full
    return len(paths), differ


def annotated_calls() -> list[list[Path]]:
    """The readout files of every annotated call whose files are here; say which are not.

    bench/corpus names readouts in a folder beside the repository (../shared), which a
    fresh clone lacks: those calls are skipped, and the skip is printed.
    """
    from readout_diff.folders import discover, read_call_meta

    calls = []
    for corpus in ("readouts", "bench/heldout", "bench/corpus", "bench/blind"):
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


FLOOR_APP = """
import typer, rapidfuzz, yaml{extra}
app = typer.Typer()
@app.command()
def compare(
    paths: list[str],
    format: str = typer.Option("text", "-f", "--format"),
    width: int = typer.Option(0, "--width"),
) -> None:
    pass
app()
"""


SECTIONS = ("start", "long", "check", "index")


class Table:
    """The figures, each printed as soon as it is measured, with its target met or missed."""

    def __init__(self) -> None:
        self.missed: list[str] = []
        print(
            f"{'workload':40} {'cpu s':>7} {'wall s':>7} {'MiB':>6} {'ratio':>6}"
            f"  {'idle':>4}  {'baseline':24} target",
            flush=True,
        )

    def row(
        self,
        name: str,
        measured: Measured,
        *,
        idle: float | None = None,
        ratio: float | None = None,
        baseline: str = "",
        target: tuple[str, float, str] | None = None,
    ) -> None:
        """``target``: (what is compared, its limit, "<=" or ">=")."""
        verdict = ""
        if target is not None:
            what, limit, sense = target
            value = {"ratio": ratio, "cpu": measured.cpu, "wall": measured.wall}.get(
                what, measured.peak
            )
            assert value is not None
            met = value <= limit if sense == "<=" else value >= limit
            unit = {"ratio": "x", "cpu": " s", "wall": " s"}.get(what, " MiB")
            limit_text = f"{limit:g}{unit}" if what != "ratio" else f"{limit:g}x"
            if met:
                verdict = f"{what} {sense} {limit_text}: met"
            else:
                by = (value / limit - 1) if sense == "<=" else (1 - value / limit)
                verdict = f"{what} {sense} {limit_text}: MISSED by {by:.0%}"
                self.missed.append(f"{name}: {verdict}")
        ratio_text = f"{ratio:6.2f}" if ratio is not None else " " * 6
        idle_text = f"{idle:4.1f}" if idle is not None else " " * 4
        print(
            f"{name:40} {measured.cpu:7.2f} {measured.wall:7.2f} {measured.peak:6.0f}"
            f" {ratio_text}  {idle_text}  {baseline:24} {verdict}",
            flush=True,
        )


Against = Callable[..., None]


def start_up(against: Against) -> None:
    """The short workloads: a pair of readouts, --help and --version, against their floors."""
    floor = [*python(FLOOR_APP.format(extra="")), *PAIR, "-f", "json"]
    rich_floor = [
        *python(FLOOR_APP.format(extra="\nfrom rich.console import Console")),
        *PAIR,
        "--width",
        "80",
    ]
    against(
        "pair, json (29 x 24 claims)",
        tool("compare", *PAIR, "-f", "json"),
        floor,
        "Typer app floor",
        ("ratio", 1.15, "<="),
    )
    against(
        "pair, terminal",
        tool("compare", *PAIR, "--width", "80"),
        rich_floor,
        "Typer app floor, Rich",
        ("ratio", 1.3, "<="),
    )
    against(
        "pair, json",
        tool("compare", *PAIR, "-f", "json"),
        python(f"{JSON_IMPORTS}; {PACKAGE_IMPORTS}"),
        "the package's imports",
    )
    against("--help", tool("--help"), python("import typer"), "import typer")
    against("--version", tool("--version"), python("import typer"), "import typer")


def long_documents(
    table: Table, against: Against, folder: Path, pair: list[Path], *, quick: bool
) -> None:
    """Long documents and many sides: growth with the number of claims and of sides."""
    a, b = pair
    idle = idle_cores()
    small = run_process(tool("compare", str(a), str(b), "-f", "json"), 3)
    table.row("long, 1,000 x 1,000 claims", small, idle=idle)
    table.row("  full rapidfuzz matrix, 1,000", full_matrix(a, b, 3))
    sides = write_sides(folder, 20, 100)
    against(
        "20 sides x 100 claims",
        tool("compare", str(sides), "-f", "json"),
        tool("compare", str(a), str(b), "-f", "json"),
        "2 sides x 1,000 claims",
        ("ratio", 2.0, "<="),
    )
    if quick:
        return
    a, b = write_documents(folder, 10_000)
    # In turn with the 1,000-claim pair, as the short workloads are: a loaded
    # machine slows one run of either, not the ratio of runs side by side.
    against(
        "long, 10,000 x 10,000 claims",
        tool("compare", str(a), str(b), "-f", "json"),
        tool("compare", *(str(p) for p in pair), "-f", "json"),
        "1,000 x 1,000",
        ("ratio", 13.0, "<="),
        runs=2,
        warm=False,
    )
    a, b = write_documents(folder, 30_000)
    idle = idle_cores()
    measured = run_process(tool("compare", str(a), str(b), "-f", "json"), 1, warm=False)
    name = "long, 30,000 x 30,000 claims"
    table.row(name, measured, idle=idle, target=("cpu", 60.0, "<="))
    table.row(f"  {name}", measured, target=("peak", 500.0, "<="))


def check_corpus(table: Table, folder: Path, calls: int) -> None:
    """``check`` over a generated corpus: memory against a tenth of it, and --jobs 2."""
    tenth = write_corpus(folder, max(1, calls // 10))
    corpus = write_corpus(folder, calls)
    idle = idle_cores()
    few = run_process(tool("check", str(tenth), "-f", "json", "-j", "1"), 1, warm=False)
    table.row(f"check, {calls // 10:,} calls, --jobs 1", few, idle=idle)
    idle = idle_cores()
    one = run_process(tool("check", str(corpus), "-f", "json", "-j", "1"), 1, warm=False)
    table.row(
        f"check, {calls:,} calls, --jobs 1",
        one,
        idle=idle,
        ratio=one.peak / few.peak,
        baseline=f"memory at {calls // 10:,} calls",
        target=("ratio", 1.2, "<="),
    )
    idle = idle_cores()
    two = run_process(tool("check", str(corpus), "-f", "json", "-j", "2"), 1, warm=False)
    table.row(
        f"check, {calls:,} calls, --jobs 2",
        two,
        idle=idle,
        ratio=one.wall / two.wall,
        baseline="speed-up on --jobs 1",
        target=("ratio", 1.8, ">="),
    )


def candidate_index(table: Table, long_pair: list[list[Path]]) -> None:
    """The candidate index loses no pairing the full matrix finds."""
    calls_checked, differ = index_loses_nothing(annotated_calls())
    print(
        f"\ncandidate index against the full matrix: {calls_checked} annotated calls,"
        f" {differ} with any pairing lost (target 0: {'met' if not differ else 'MISSED'})",
        flush=True,
    )
    if differ:
        table.missed.append(f"candidate index: {differ} annotated calls lose a pairing")
    _, long_differ = index_loses_nothing(long_pair)
    print(
        "the 1,000-claim documents, whose claims score a bounded budget of candidates:"
        f" {'the same pairings' if not long_differ else 'some pairings differ'}"
        " as the full matrix",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per short workload")
    parser.add_argument("--calls", type=int, default=10_000, help="calls of the check corpus")
    parser.add_argument(
        "--quick", action="store_true", help="skip the 10,000 and 30,000-claim and corpus runs"
    )
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        action="append",
        help="measure only this section (repeatable): the rest are skipped",
    )
    args = parser.parse_args(argv)
    print(
        f"{os.cpu_count()} cores, {idle_cores(1.0):.1f} idle; load average"
        f" {' '.join(f'{x:.2f}' for x in os.getloadavg())}; Python {sys.version.split()[0]}",
        flush=True,
    )
    table = Table()
    runs = args.runs

    def against(
        name: str,
        command: Sequence[str],
        base: Sequence[str],
        baseline: str,
        target: tuple[str, float, str] | None = None,
        runs: int = runs,
        warm: bool = True,
    ) -> None:
        idle = idle_cores()
        measured, _, ratio = paired(command, base, runs, warm=warm)
        table.row(name, measured, idle=idle, ratio=ratio, baseline=baseline, target=target)

    wanted = set(args.only or SECTIONS)
    if "start" in wanted:
        start_up(against)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        long_pair: list[list[Path]] = []
        if wanted & {"long", "index"}:
            long_pair = [list(write_documents(folder, 1000))]
        if "long" in wanted:
            long_documents(table, against, folder, long_pair[0], quick=args.quick)
        if "check" in wanted and not args.quick:
            check_corpus(table, folder, args.calls)
        if "index" in wanted:
            candidate_index(table, long_pair)
    print(
        "\nevery target met"
        if not table.missed
        else "\nmissed:\n" + "\n".join(f"  {m}" for m in table.missed),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
