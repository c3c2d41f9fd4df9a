"""The corpus check for a person at a terminal, or as plain lines for a CI log, and the
progress bar of a long check."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from readout_diff.check import CallResult, CheckResult
from readout_diff.render.check_output import (
    NOW_PASSING,
    failure_sections,
    now_passing_lines,
    rate_text,
    score_text,
    tighten_hint,
    verdicts,
)
from readout_diff.render.text import clean

HEADERS = ("claims", "shared", "one-sided", "met", "failed", "score")


def _cells(call: CallResult) -> list[str]:
    if not call.sides:
        return ["invalid", *[""] * 5]
    return [
        "/".join(map(str, call.claims)),
        str(call.shared),
        "/".join(map(str, call.one_sided)),
        str(call.score.met),
        str(call.failed),
        rate_text(call.score.balanced),
    ]


def render_check(result: CheckResult, console: Console) -> None:
    """The corpus check: a row per call, the failures in detail, then the corpus score.

    Not on a terminal (a CI log), every record is one plain line, never wrapped or padded.
    """
    if not console.is_terminal:
        render_check_lines(result, console)
        return
    table = Table(
        title="readout-diff check",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        expand=True,
    )
    table.add_column("call", overflow="fold", ratio=1)
    for header in HEADERS:
        table.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    for call in result.calls:
        cells = [Text(cell) for cell in _cells(call)]
        if not call.sides:
            cells[0].stylize("bold red")
        else:
            cells[4].stylize("bold red" if call.failed else "green")
        table.add_row(Text(clean(call.name)), *cells)
    table.caption = "claims and one-sided counts per side, in the call's side order"
    console.print(table)
    errors = [e for c in result.calls for e in c.messages]
    if errors:
        console.print(Text(f"Invalid ({len(errors)})", style="bold red"))
        for message in errors:
            console.print(Text(f"  {clean(message)}"))
    for heading, tag, misses in failure_sections(result):
        if not misses:
            continue
        console.print()
        style = "bold" if tag == "known failure" else "bold red"
        console.print(Text(f"{heading} ({len(misses)})", style=style))
        entries = []
        for call, outcome in misses:
            entry = Text(f"{clean(call.name)} ", style="bold")
            entry.append(clean(outcome.expectation.label), style="not bold")
            entry.append("\n")
            entry.append(clean(outcome.detail), style="dim")
            entries.append(entry)
        console.print(_bullets(entries))
    passing = now_passing_lines(result)
    if passing:
        console.print()
        console.print(Text(f"{NOW_PASSING} ({len(passing)})", style="bold green"))
        console.print(_bullets([Text(clean(line)) for line in passing]))
        console.print(Text(clean(tighten_hint(result))))
    score = result.score
    console.print()
    summary = Text("Corpus score: ", style="bold")
    summary.append(score_text(score))
    console.print(summary)
    for verdict in verdicts(result):
        passed = verdict.endswith("passed.")
        console.print(Text(clean(verdict), style="bold green" if passed else "bold red"))


def _bullets(entries: list[Text]) -> Table:
    """A bulleted list whose entries get a hanging indent when they wrap."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_column()
    for entry in entries:
        entry.overflow = "fold"  # a word wider than the line (a long call name) is folded
        grid.add_row(Text(" •"), entry)
    return grid


def render_check_lines(result: CheckResult, console: Console) -> None:
    """The check for a log: one record a line, whole call names, columns without trailing
    spaces; each failure on one line after its call's name, so that ``grep`` finds it."""
    rows = [["call", *HEADERS]] + [[clean(c.name), *_cells(c)] for c in result.calls]
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    out: list[str] = [f"readout-diff check {clean(result.root)}"]
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        out.append("  ".join(cells).rstrip())
    out.extend(f"invalid: {clean(message)}" for call in result.calls for message in call.messages)
    for _, tag, misses in failure_sections(result):
        out.extend(
            f"{tag}: {clean(call.name)} {clean(o.expectation.label)} -- {clean(o.detail)}"
            for call, o in misses
        )
    passing = now_passing_lines(result)
    out.extend(f"no longer failing: {clean(line)}" for line in passing)
    if passing:
        out.append(clean(tighten_hint(result)))
    out.append(f"Corpus score: {score_text(result.score)}")
    out.extend(clean(verdict) for verdict in verdicts(result))
    for line in out:
        console.print(Text(line.rstrip()), soft_wrap=True)


class ProgressBar:
    """A progress bar on a terminal's stderr while calls are checked (or claims embedded)."""

    def __init__(self, console: Console, *, label: str = "checking") -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._progress = Progress(
            label,
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("calls", total=None)

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def update(self, done: int, total: int) -> None:
        """Move the bar to ``done`` of ``total`` calls."""
        self._progress.update(self._task, completed=done, total=total)
