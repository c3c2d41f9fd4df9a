"""The corpus check for a person at a terminal, and the progress bar of a long check."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from readout_diff.check import CheckResult
from readout_diff.render.check_output import rate_text, score_text
from readout_diff.render.text import clean


def render_check(result: CheckResult, console: Console) -> None:
    """The corpus check: a row per call, the failures in detail, then the corpus score."""
    table = Table(
        title="readout-diff check",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        expand=True,
    )
    table.add_column("call", overflow="fold", ratio=1)
    for header in ("claims", "shared", "one-sided", "met", "failed", "score"):
        table.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    for call in result.calls:
        if not call.sides:
            table.add_row(
                Text(clean(call.name)), Text("invalid", style="bold red"), *[Text("")] * 5
            )
            continue
        failed = Text(str(call.failed), style="bold red" if call.failed else "green")
        table.add_row(
            Text(clean(call.name)),
            Text("/".join(map(str, call.claims))),
            Text(str(call.shared)),
            Text("/".join(map(str, call.one_sided))),
            Text(str(call.score.met)),
            failed,
            Text(rate_text(call.score.balanced)),
        )
    table.caption = "claims and one-sided counts per side, in the call's side order"
    console.print(table)
    errors = [e for c in result.calls for e in c.messages]
    if errors:
        console.print(Text(f"Invalid ({len(errors)})", style="bold red"))
        for message in errors:
            console.print(Text(f"  {clean(message)}"))
    misses = [(c, o) for c in result.calls for o in c.outcomes if not o.met and not o.error]
    if misses:
        console.print()
        console.print(Text(f"Failed expectations ({len(misses)})", style="bold red"))
        # A grid gives each failure a hanging indent when it wraps.
        grid = Table.grid(padding=(0, 1))
        grid.add_column()
        grid.add_column()
        for call, outcome in misses:
            entry = Text(f"{clean(call.name)} ", style="bold")
            entry.append(clean(outcome.expectation.label), style="not bold")
            entry.append("\n")
            entry.append(clean(outcome.detail), style="dim")
            grid.add_row(Text(" •"), entry)
        console.print(grid)
    score = result.score
    console.print()
    summary = Text("Corpus score: ", style="bold")
    summary.append(score_text(score))
    console.print(summary)
    verdict = result.verdict
    if verdict:
        console.print(Text(verdict, style="bold green" if result.passed else "bold red"))


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
