"""How one readout was split into claims, for a person at a terminal (``readout-diff claims``)."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from readout_diff.model import Readout
from readout_diff.render.terminal import hanging
from readout_diff.render.text import clean, wrap_line, wrap_name


def render_claims(readout: Readout, console: Console) -> None:
    """How one readout was split: a row per claim, then the lines skipped as metadata."""
    table = Table(
        title=Text(f"{clean(readout.label)}: {len(readout.claims)} claims"),
        # A long path breaks after its slashes and hyphens, never inside a word.
        caption=Text("\n".join(wrap_name(clean(readout.path), console.width, cell_len))),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        expand=True,
    )
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("span", no_wrap=True, style="dim")
    table.add_column("text", ratio=1)
    speaker = None
    for claim in readout.claims:
        text = Text(clean(claim.text))
        if claim.speaker and claim.speaker != speaker:
            text = Text.assemble((clean(claim.speaker) + ": ", "dim"), text)
        speaker = claim.speaker
        table.add_row(
            Text(claim.id),
            Text(str(claim.line)),
            Text(f"{claim.start}-{claim.end}"),
            text,
        )
    console.print(table)
    about = [
        f"{key} {clean(value)}"
        for key, value in (
            ("title:", readout.title),
            ("date:", readout.date),
            ("address:", readout.url),
        )
        if value
    ]
    if about:  # an address, too, breaks after its slashes and hyphens
        for part in wrap_line("; ".join(about), console.width, cell_len):
            console.print(Text(part, style="dim"), soft_wrap=True)
    lines: list[tuple[Text, int, int]] = []
    for skipped in readout.skipped:
        line = Text(f"skipped line {skipped.line} ({skipped.reason}): ", style="dim")
        line.append(clean(readout.text[skipped.start : skipped.end]), style="dim italic")
        lines.append((line, 0, 2))
    for dropped in readout.dropped:
        line = Text(f"dropped from the page ({dropped.reason}): ", style="dim")
        line.append(clean(" · ".join(dropped.texts)), style="dim italic")
        lines.append((line, 0, 2))
    if lines:
        console.print(hanging(console, lines), soft_wrap=True)
