"""How much memory readout-diff needs for the largest readouts it accepts, per byte read.

Usage:
    python bench/memory.py [--sizes N,N,...] [--inputs dense,list,sentence] [--commands ...]

For each input (written to a temporary folder) at each size, runs each command as a
process of its own and prints, as soon as it is measured, one line: the command, the input,
its bytes (both sides' for ``compare``), the claims it makes, CPU seconds, peak resident
memory, the growth of that peak over the same command on a two-line readout (the start-up
of Python and of the tool), that growth per byte of input (the figure to hold under
about 10) and per claim read (both sides' for ``compare``). The inputs, each repeated N
times on both sides (N as given, or for ``sentence`` N/2 times, as it makes two claims a
sentence):

- dense: ``"A b. "``, the smallest claim there is;
- list: ``"- a\\n"``, a list of one-word items;
- sentence: a readout-like sentence of two clauses.

The default sizes stay under the 50,000 claims a readout may hold. A run at every default
takes several minutes of one core. Needs only the standard library and the project's own
dependencies; Linux or macOS (it reads each process's peak with ``os.wait4``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INPUTS = {
    "dense": ("A b. ", 1),
    "list": ("- a\n", 1),
    "sentence": (
        "The ministers reviewed grain shipments through the port, and they agreed to"
        " speak again before the summit in the autumn. ",
        2,
    ),
}
COMMANDS = {
    "compare-json": ["compare", "{a}", "{b}", "-f", "json"],
    "compare": ["compare", "{a}", "{b}"],
    "compare-markdown": ["compare", "{a}", "{b}", "-f", "markdown"],
    "claims": ["claims", "{a}"],
    "claims-json": ["claims", "{a}", "-f", "json"],
}
SMALL = "The ministers met in the capital.\nThey agreed to meet again.\n"

# A child's peak counts what its parent held when it was forked: a small Python of its own
# starts each command, so that this process (and its inputs) never counts.
_LAUNCH = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
stderr = child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
scale = 1 if sys.platform == "darwin" else 1024
print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,
                  usage.ru_maxrss * scale, stderr.decode("utf-8", "replace")]))
"""


def run(args: list[str]) -> tuple[float, int]:
    """CPU seconds and peak resident bytes of ``readout-diff ARGS`` in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    command = [sys.executable, "-c", _LAUNCH, sys.executable, "-m", "readout_diff", *args]
    out = subprocess.run(command, capture_output=True, check=True, env=env, text=True)
    code, cpu, peak, stderr = json.loads(out.stdout)
    if code not in (0, 1):
        raise SystemExit(f"readout-diff {' '.join(args)} exited {code}: {stderr.strip()}")
    return cpu, peak


def arguments(name: str, a: Path, b: Path) -> list[str]:
    return [part.format(a=a, b=b) for part in COMMANDS[name]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="9000,45000", help="repeats of the dense input")
    parser.add_argument("--inputs", default=",".join(INPUTS))
    parser.add_argument("--commands", default=",".join(COMMANDS))
    options = parser.parse_args()
    sizes = [int(n) for n in options.sizes.split(",")]
    inputs = options.inputs.split(",")
    commands = options.commands.split(",")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        small = tmp / "small.txt"
        small.write_text(SMALL, encoding="utf-8")
        base = {}
        for name in commands:
            base[name] = run(arguments(name, small, small))[1]
        print(
            f"{'command':<17}{'input':<9}{'bytes':>10}{'claims':>8}{'cpu s':>8}"
            f"{'peak MiB':>10}{'growth MiB':>11}{'per byte':>9}{'per claim':>10}",
            flush=True,
        )
        for kind in inputs:
            piece, per = INPUTS[kind]
            for size in sizes:
                a, b = tmp / f"{kind}-{size}-a.txt", tmp / f"{kind}-{size}-b.txt"
                text = piece * (size // per)
                a.write_text(text, encoding="utf-8")
                b.write_text(text, encoding="utf-8")
                for name in commands:
                    cpu, peak = run(arguments(name, a, b))
                    sides = 2 if name.startswith("compare") else 1
                    read = len(text.encode()) * sides
                    claims = size // per * per
                    growth = max(0, peak - base[name])
                    print(
                        f"{name:<17}{kind:<9}{read:>10}{claims:>8}{cpu:>8.1f}"
                        f"{peak / 2**20:>10.0f}{growth / 2**20:>11.0f}{growth / read:>9.0f}"
                        f"{growth / (claims * sides):>10.0f}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
