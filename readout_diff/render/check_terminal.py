"""The corpus check for a person at a terminal, or as plain lines for a CI log, and the
progress bar of a long check."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from readout_diff.check import CallResult, CheckResult
from readout_diff.render.check_output import (
    NOW_PASSING,
    call_score_text,
    corpus_score_text,
    failure_sections,
    invalid_lines,
    now_passing_lines,
    tighten_hint,
    verdicts,
    written_at,
)
from readout_diff.render.text import clean, name_pieces, wrap_line, wrap_name

HEADERS = ("claims", "shared", "one-sided", "met", "failed", "score")
CAPTION = "claims and one-sided counts per side, in the call's side order"


def _cells(call: CallResult) -> list[str]:
    if not call.sides:
        return ["invalid", *[""] * 5]
    return [
        "/".join(map(str, call.claims)),
        str(call.shared),
        "/".join(map(str, call.one_sided)),
        str(call.met),
        str(call.failed),
        call_score_text(call),
    ]


def render_check(result: CheckResult, console: Console) -> None:
    """The corpus check: a row per call, the failures in detail, then the corpus score.

    Not on a terminal (a CI log), every record is one plain line, never wrapped or padded.
    A call's name wraps at spaces and after hyphens, never inside a word: when the column
    left beside the counts is narrower than a word of a name, each call's name gets its own
    line above its counts.
    """
    if not console.is_terminal:
        render_check_lines(result, console)
        return
    rows = [(call, _cells(call)) for call in result.calls]
    widest = [
        max([len(header), *(len(cells[k]) for _, cells in rows)])
        for k, header in enumerate(HEADERS)
    ]
    probe = _table(1)
    probe.add_row("", *("0" * width for width in widest))
    room = console.width - Measurement.get(console, console.options, probe).maximum + 1
    longest = max([len("call"), *(_longest_piece(clean(call.name)) for call in result.calls)])
    if room >= longest:
        table = _table(room)
        for call, cells in rows:
            table.add_row(_Name(clean(call.name)), *_styled(call, cells))
        console.print(table)
    else:
        _print_stacked(rows, widest, console)
    errors = [e for c in result.calls for e in c.messages]
    if errors:
        console.print(Text(f"Invalid ({len(errors)})", style="bold red"))
        for line, _ in invalid_lines(result):
            _print_wrapped(console, f"  {clean(line)}")
    for heading, tag, misses in failure_sections(result):
        if not misses:
            continue
        console.print()
        style = "bold" if tag == "known failure" else "bold red"
        console.print(Text(f"{heading} ({len(misses)})", style=style))
        entries = []
        for call, outcome in misses:
            after = Text(" ")
            after.append(clean(outcome.expectation.label))
            after.append("\n")
            after.append(clean(outcome.detail) + written_at(outcome.expectation), style="dim")
            entries.append(_Name(clean(call.name), style="bold", after=after))
        console.print(_bullets(entries))
    passing = now_passing_lines(result)
    if passing:
        console.print()
        console.print(Text(f"{NOW_PASSING} ({len(passing)})", style="bold green"))
        console.print(_bullets([_Name(clean(line)) for line in passing]))
        _print_wrapped(console, clean(tighten_hint(result)))
    console.print()
    summary = Text("Corpus score: ", style="bold")
    summary.append(corpus_score_text(result))
    console.print(summary)
    for verdict in verdicts(result):
        passed = verdict.endswith("passed.")
        _print_wrapped(console, clean(verdict), style="bold green" if passed else "bold red")


def _print_wrapped(console: Console, line: str, *, style: str = "") -> None:
    """A line that may hold paths (an error, the baseline's verdict), broken at spaces and
    after hyphens and slashes as a call's name is, never inside a word, so that a path can
    be copied; a piece wider than the terminal stays whole."""
    for part in wrap_line(line, console.width, cell_len):
        console.print(Text(part, style=style), soft_wrap=True)


def _table(call_width: int) -> Table:
    """The table of calls, its name column ``call_width`` wide."""
    table = Table(
        title="readout-diff check",
        caption=CAPTION,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("call", width=call_width)
    for header in HEADERS:
        table.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    return table


def _styled(call: CallResult, cells: list[str]) -> list[Text]:
    texts = [Text(cell) for cell in cells]
    if not call.sides:
        texts[0].stylize("bold red")
    else:
        texts[4].stylize("bold red" if call.failed else "green")
    return texts


def _print_stacked(
    rows: list[tuple[CallResult, list[str]]], widest: list[int], console: Console
) -> None:
    """The table for a terminal too narrow to hold a name beside its counts: each name on
    lines of its own (a word wider than the terminal on one line, whole), its counts below."""
    gap = 2 if 2 + sum(widest) + 2 * (len(widest) - 1) <= console.width else 1

    def counts(cells: Sequence[str | Text]) -> Text:
        line = Text(" " * gap)
        for k, (cell, width) in enumerate(zip(cells, widest, strict=True)):
            text = cell if isinstance(cell, Text) else Text(cell)
            line.append((" " * gap if k else "") + " " * (width - text.cell_len))
            line.append_text(text)
        return line

    console.print(Text("readout-diff check", style="bold"))
    console.print(Text("call", style="bold"))
    header = counts(list(HEADERS))
    header.stylize("bold")
    console.print(header)
    console.print(Text("─" * min(console.width, header.cell_len), style="dim"))
    for call, cells in rows:
        for line in wrap_name(clean(call.name), console.width, cell_len):
            console.print(Text(line), soft_wrap=True)
        console.print(counts(_styled(call, cells)))
    console.print(Text(CAPTION, style="dim"))


def _longest_piece(name: str) -> int:
    return max((cell_len(piece) for word in name_pieces(name) for piece in word), default=0)


class _Name:
    """A call's name, broken at spaces and after hyphens to the width it is given, then
    ``after`` (a failure's detail, say), wrapped as text is."""

    def __init__(self, name: str, *, style: str = "", after: Text | None = None) -> None:
        self.name = name
        self.style = style
        self.after = after or Text()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        rest = Measurement.get(console, options, self.after)
        widest = cell_len(self.name) + rest.maximum
        return Measurement(max(_longest_piece(self.name), rest.minimum), widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = Text("\n".join(wrap_name(self.name, options.max_width, cell_len)), self.style)
        text.append_text(self.after)
        # Only a word wider than the whole line is folded: nothing else can show it.
        text.overflow = "fold"
        yield text


def _bullets(entries: Sequence[Text | _Name]) -> Table:
    """A bulleted list whose entries get a hanging indent when they wrap."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_column()
    for entry in entries:
        if isinstance(entry, Text):
            entry.overflow = "fold"  # a word wider than the whole line is folded
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
    out.extend(clean(line) for _, line in invalid_lines(result))
    for _, tag, misses in failure_sections(result):
        out.extend(
            f"{tag}: {clean(call.name)} {clean(o.expectation.label)} -- {clean(o.detail)}"
            + written_at(o.expectation)
            for call, o in misses
        )
    passing = now_passing_lines(result)
    out.extend(f"no longer failing: {clean(line)}" for line in passing)
    if passing:
        out.append(clean(tighten_hint(result)))
    out.append(f"Corpus score: {corpus_score_text(result)}")
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
