"""``review``: settle the verdicts to check at a terminal, one at a time, as ``git add -p``.

Keys are read one at a time, unechoed (the terminal's cbreak mode), and the terminal's
modes are put back however the review ends, so that an error, Ctrl-C or a signal never
leaves it changed. Every answer is written at once
(a temporary file, then a rename), so quitting at any point loses nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from readout_diff.cli.commands import _load_sides, app
from readout_diff.cli.keys import Keys, signals_raise
from readout_diff.cli.options import (
    DEFAULT_SCORER_CHOICE,
    AliasesOpt,
    ClausesOpt,
    Command,
    DebugOpt,
    MarginOpt,
    MaxSizeOpt,
    NoColorOpt,
    ScorerOpt,
    ThresholdOpt,
    WidthOpt,
    parse_size,
)
from readout_diff.cli.output import EXIT_OK, guard, use_color, write_atomic
from readout_diff.defaults import DEFAULT_MARGIN, DEFAULT_THRESHOLD
from readout_diff.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from readout_diff.model import Claim, Decision, Report
    from readout_diff.review import Review, Verdict

HELP = """\
s - same: the two claims make the same point (link them)
d - different: they do not (never link them)
k - skip: leave it for later (n does the same); not asked again
u - undo the last answer
q - quit; every answer so far is saved
? - this help"""


@app.command(
    cls=Command, short_help="Settle the verdicts to check, one at a time, as git add -p does."
)
def review(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="READOUT...", help="One call folder, or two or more readout files."),
    ],
    name: Annotated[
        list[str] | None,
        typer.Option(
            "--name", "-n", help="Side name for each file, in order (default: file stem)."
        ),
    ] = None,
    decisions: Annotated[
        str | None,
        typer.Option(
            "--decisions",
            metavar="FILE",
            help="The decisions file to write (default for a call folder: its own, from"
            " call.yaml, else decisions.yaml in it).",
        ),
    ] = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    margin: MarginOpt = DEFAULT_MARGIN,
    scorer: ScorerOpt = DEFAULT_SCORER_CHOICE,
    aliases: AliasesOpt = None,
    clauses: ClausesOpt = True,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    max_size: MaxSizeOpt = "5M",
    debug: DebugOpt = False,
) -> None:
    """Review the verdicts to check one at a time: same, different, or skip.

    Each answer is saved at once in the decisions file, which compare and check
    honour; skipped verdicts are kept beside it, so a later review resumes where
    this one stopped. It ends with the settled report's summary.

    \b
    Keys: s same, d different, k or n skip, u undo, q quit, ? help.
    Exit status: 0 done or quit, 2 an error or no terminal, 130 Ctrl-C.

    \b
    Example: readout-diff review readouts/2025-03-18-trump-putin
    """

    def action() -> int:
        if not sys.stdin.isatty():
            raise UsageError(
                "review asks its questions at a terminal, and standard input is not one"
                " (for a report, use 'readout-diff compare')"
            )
        from readout_diff.load import load_aliases
        from readout_diff.normalize import merge_aliases
        from readout_diff.render.terminal import make_console
        from readout_diff.report import compare

        max_bytes = parse_size(max_size)
        if "-" in paths:
            raise UsageError("review reads your answers from standard input, so no readout can")
        readouts, title, table, own = _load_sides(
            paths, name or [], max_bytes=max_bytes, clauses=clauses
        )
        if aliases is not None:
            table = merge_aliases(table, load_aliases(str(aliases), max_bytes=max_bytes))
        files = _files(paths, decisions, own, [r.path for r in readouts], max_bytes)

        def build(settled: Sequence[Decision]) -> Report:
            return compare(
                readouts,
                scorer=scorer.value,
                threshold=threshold,
                margin=margin,
                aliases=table,
                title=title,
                decisions=settled,
            )

        from readout_diff.review import Review

        session = Review(build, written=files.written, fixed=files.fixed, skipped=files.skips)
        console = make_console(sys.stdout, color=use_color(no_color), width=width)
        _Screen(console, session, files, paths).run(sys.stdin.fileno())
        return EXIT_OK

    guard(debug, action)


class _Files:
    """Where answers go, and what the files held before this review.

    A plain class: this module is imported by every command, and a dataclass costs a
    millisecond to build.
    """

    def __init__(
        self,
        decisions: str,
        skips_file: str,
        written: tuple[Decision, ...],
        fixed: tuple[Decision, ...],
        skips: tuple[tuple[tuple[str, str], ...], ...],
        default: bool,
    ) -> None:
        self.decisions = decisions
        self.skips_file = skips_file
        self.written = written
        self.fixed = fixed
        self.skips = skips
        self.default = default


def _files(
    paths: list[str],
    option: str | None,
    own: tuple[Decision, ...],
    readout_paths: list[str],
    max_bytes: int,
) -> _Files:
    """The decisions file to write, its decisions, the call's others, and earlier skips."""
    from readout_diff.folders import CALL_FILE, read_call_meta
    from readout_diff.load import load_decisions, load_yaml_file, same_file
    from readout_diff.review import parse_skips, skip_file_for
    from readout_diff.safe_yaml import node_lines

    folder = len(paths) == 1 and os.path.isdir(paths[0])
    call_file = read_call_meta(paths[0], max_bytes=max_bytes).decisions_file if folder else None
    if option is not None:
        target = option
    elif folder and call_file is None:
        raise UsageError(
            "holds its decisions inline; give --decisions FILE for review to write new ones",
            path=os.path.join(paths[0], CALL_FILE),
        )
    elif call_file is not None:
        target = call_file
    else:
        raise UsageError("review of readout files needs --decisions FILE: where to write answers")
    if os.path.isdir(target):
        raise UsageError("is a directory; --decisions names a file", path=target)
    for path in readout_paths:
        if same_file([path, target]):
            raise UsageError("is one of the readouts; write the decisions elsewhere", path=target)
    exists = os.path.exists(target)
    written = load_decisions(target, max_bytes=max_bytes) if exists else ()
    # The call's own decisions came from this same file: they are the ones written here.
    mine = call_file is not None and (
        os.path.abspath(call_file) == os.path.abspath(target)
        or (exists and same_file([call_file, target]) is not None)
    )
    skips_file = skip_file_for(target)
    skips: list[tuple[tuple[str, str], ...]] = []
    if os.path.exists(skips_file):
        value, node = load_yaml_file(skips_file, max_bytes=max_bytes)
        skips = parse_skips(value, path=skips_file, lines=node_lines(node))
    return _Files(
        target, skips_file, tuple(written), () if mine else own, tuple(skips), option is None
    )


class _Screen:
    """The dialogue: shows a verdict, reads a key, saves the answer, until done or quit."""

    def __init__(self, console: Console, session: Review, files: _Files, paths: list[str]):
        from readout_diff.render.terminal import _SIDE_STYLES

        self.console = console
        self.session = session
        self.files = files
        self.paths = paths
        sides = session.report.sides
        self.styles = {r.name: _SIDE_STYLES[k % len(_SIDE_STYLES)] for k, r in enumerate(sides)}

    def run(self, fd: int) -> None:
        from readout_diff.render.text import clean

        session = self.session
        title = session.report.title or " vs ".join(r.label for r in session.report.sides)
        self.say(f"readout-diff review: {clean(title)}", style="bold")
        earlier = f" ({session.earlier} settled or skipped before)" if session.earlier else ""
        self.say(
            f"{len(session.queue)} verdicts to check{earlier}; answers go to"
            f" {self.files.decisions}. Press ? for help."
        )
        try:
            with signals_raise(), Keys(fd) as keys:
                self.loop(keys)
        except (KeyboardInterrupt, SystemExit):
            # The terminal may be gone (a hang-up): saying so is then no use.
            with contextlib.suppress(OSError):
                self.say(f"\nInterrupted; every answer is saved in {self.files.decisions}.")
            raise
        self.finish()

    def loop(self, keys: Keys) -> None:
        session = self.session
        while True:
            verdict = session.current()
            if verdict is None:
                added = session.refill()
                if not added:
                    self.say("\nNo verdict left to check.")
                    return
                self.say(f"\nYour answers changed the pairing: {added} more to check.")
                continue
            self.show(verdict)
            if not self.ask(verdict, keys):
                return

    def ask(self, verdict: Verdict, keys: Keys) -> bool:
        """Read keys until one answers the verdict (True), or the reader quits (False)."""
        from readout_diff.review import DIFFERENT, SAME, SKIP

        session = self.session
        while True:
            choices = ["s", "d"] if verdict.can_pair else []
            choices += ["k", *(["u"] if session.answers else []), "q", "?"]
            question = "Same point?" if verdict.can_pair else "Nothing to pair it with:"
            self.console.print(f"{question} [{','.join(choices)}] ", end="", style="bold blue")
            self.console.file.flush()
            key = keys.read()
            self.say(key if key.isprintable() and len(key) == 1 else "")
            key = key.lower()
            if key in ("q", "eof"):
                return False
            if key == "?":
                self.say(HELP, style="dim")
            elif key == "u" and session.answers:
                undone = session.undo()
                assert undone is not None
                self.save(undone.decision is not None, undone.decision is None)
                self.say(f"  undone: {undone.kind} on {' ~ '.join(undone.verdict.key)}", "dim")
                return True
            elif (key in ("s", "d") and verdict.can_pair) or key in ("k", "n"):
                kind = {"s": SAME, "d": DIFFERENT}.get(key, SKIP)
                done = session.answer(kind)
                self.save(done.decision is not None, done.decision is None)
                if done.note:
                    self.say(f"  {done.note}", style="yellow")
                elif done.decision is not None:
                    self.say(f"  {done.kind}: saved in {self.files.decisions}", style="dim")
                else:
                    self.say("  skipped; a later review will not ask it again", style="dim")
                return True
            elif key not in ("\r", "\n", ""):
                self.say("  press one of the keys in brackets, or ? for help", style="dim")

    def show(self, verdict: Verdict) -> None:
        """The verdict: progress, the tool's guess and why, then each claim in its sentence."""
        from rich.text import Text

        from readout_diff.render.terminal import hanging
        from readout_diff.render.text import clean
        from readout_diff.review import PAIRED

        report = self.session.report
        n, total = self.session.progress()
        head = Text(f"({n}/{total}) ", style="bold")
        if verdict.guess == PAIRED:
            head.append(f"{verdict.point}: the tool paired these")
            if verdict.score is not None:
                head.append(f", score {verdict.score:.2f} ({clean(verdict.rule)})", style="dim")
        else:
            head.append(f"the tool found this only in {clean(report.label(verdict.claim.side))}")
        why = Text(f"unsure: {verdict.why}")
        if verdict.guess != PAIRED and verdict.other is not None:
            detail = f" {clean(verdict.detail)}" if verdict.detail else ""
            why.append(f"; nearest {verdict.other.id}{detail}")
        if verdict.words:
            why.append(f"; tied by {clean(', '.join(verdict.words[:6]))}", style="dim")
        lines = [(head, 0, 4), (why, 2, 4)]
        if verdict.company:
            also = Text(f"the point also holds {', '.join(verdict.company)}", style="dim")
            lines.append((also, 2, 4))
        lines.append((Text(""), 0, 0))
        for claim in (verdict.claim, verdict.other):
            if claim is None:
                continue
            label = Text(clean(report.label(claim.side)), style=f"bold {self.styles[claim.side]}")
            label.append(f"  {claim.id}", style="dim")
            lines += [(label, 0, 2), (self.in_sentence(claim), 2, 2)]
        self.console.print()
        self.console.print(hanging(self.console, lines), soft_wrap=True)

    def in_sentence(self, claim: Claim) -> Text:
        """The claim in bold, the rest of its sentence dim around it.

        A clause of a longer sentence is also bracketed, for a terminal that shows no bold.
        """
        from rich.text import Text

        from readout_diff.render.text import clean
        from readout_diff.review import sentence_of

        readout = next(r for r in self.session.report.sides if r.name == claim.side)
        before, body, after = sentence_of(claim, readout)
        text = Text()
        part = bool(clean(before) or clean(after))
        if clean(before):
            text.append(clean(before) + (" " if before[-1:].isspace() else ""), style="dim")
        text.append("[" if part else "", style="dim")
        text.append(clean(body), style="bold")
        text.append("]" if part else "", style="dim")
        if clean(after):
            text.append((" " if after[:1].isspace() else "") + clean(after), style="dim")
        return text

    def save(self, decisions: bool, skips: bool) -> None:
        """Write what changed, each file whole or not at all."""
        from readout_diff.decisions import to_yaml
        from readout_diff.review import skips_to_yaml

        if decisions:
            write_atomic(self.files.decisions, to_yaml(self.session.written))
        if skips:
            write_atomic(self.files.skips_file, skips_to_yaml(self.session.skip_entries()))

    def finish(self) -> None:
        """What this review settled, and the settled report's summary."""
        import shlex

        from readout_diff.review import counts, summary_lines, verdicts

        session = self.session
        made = counts(session.answers)
        self.say(
            f"\nThis review: {made['same']} same, {made['different']} different,"
            f" {made['skip']} skipped."
        )
        report = session.settled()
        self.say("Settled report:", style="bold")
        for line in summary_lines(report):
            self.say(line)
        left = [v for v in verdicts(report) if v.key not in session.skipped]
        command = ["readout-diff", "compare", *self.paths]
        if not self.files.default:
            command += ["--decisions", self.files.decisions]
        self.say(f"{len(left)} verdicts left to check, {len(session.skipped)} skipped.")
        self.say(f"The whole report: {shlex.join(command)}")

    def say(self, text: str, style: str = "") -> None:
        from rich.text import Text

        self.console.print(Text(text, style=style), soft_wrap=False)
