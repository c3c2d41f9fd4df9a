"""The review's dialogue at a terminal: a verdict shown, a key read, the answer saved.

Keys are read one at a time, unechoed (the terminal's cbreak mode), and the terminal's
modes are put back however the review ends, so that an error, Ctrl-C or a signal never
leaves it changed. Every answer is written at once
(a temporary file, then a rename), so quitting at any point loses nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readout_diff.cli.keys import Keys, signals_raise
from readout_diff.cli.output_files import read_only, write_atomic
from readout_diff.errors import InputError, printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from readout_diff.cli.review import Files
    from readout_diff.model import Claim
    from readout_diff.review import Review
    from readout_diff.verdicts import Verdict

HELP = """\
s - same: the two claims make the same point (link them)
d - different: they do not (never link them)
o - other: pair a one-sided claim with a claim you pick from a list
    (when its partner is not the one shown, or none is shown)
k or n - skip: leave it unanswered; later reviews do not ask it again
u - undo the last answer
q - quit; every answer so far is saved
? - this help
(3/13) is the 3rd of 13 verdicts compare lists under Check these, in order;
claim ids (north:3) are those of compare --explain and --format json."""


class Screen:
    """The dialogue: shows a verdict, reads a key, saves the answer, until done or quit."""

    def __init__(
        self,
        console: Console,
        session: Review,
        files: Files,
        paths: list[str],
        options: Sequence[str] = (),
    ):
        from readout_diff.render.terminal import _SIDE_STYLES

        self.console = console
        self.session = session
        self.files = files
        self.paths = paths
        # The options that shape the report, so that the command it ends with shows this one.
        self.options = list(options)
        self.shown_decisions = printable(files.decisions)
        sides = session.report.sides
        self.styles = {r.name: _SIDE_STYLES[k % len(_SIDE_STYLES)] for k, r in enumerate(sides)}

    def run(self, fd: int) -> None:
        from readout_diff.render.text import clean

        session = self.session
        title = session.report.title or " vs ".join(r.label for r in session.report.sides)
        self.say(f"readout-diff review: {clean(title)}", style="bold")
        left, answered = session.to_check()
        if answered:
            ahead = (
                f"{counted(left)} left to check of {left + answered} ({answered} answered or"
                " skipped before)"
            )
        else:
            ahead = f"{counted(left)} to check"
        self.say(f"{ahead}; answers go to {self.shown_decisions}. Press ? for help.")
        self.say("They come in the order compare lists them under Check these.")
        try:
            with signals_raise(), Keys(fd) as keys:
                self.loop(keys)
        except (KeyboardInterrupt, SystemExit):
            # The terminal may be gone (a hang-up): saying so is then no use.
            with contextlib.suppress(OSError):
                self.say(f"\nInterrupted; every answer is saved in {self.shown_decisions}.")
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
                self.say(f"\nYour answers changed the pairing: {counted(added)} more to check.")
                continue
            self.show(verdict)
            if not self.ask(verdict, keys):
                return

    def ask(self, verdict: Verdict, keys: Keys) -> bool:
        """Read keys until one answers the verdict (True), or the reader quits (False)."""
        from readout_diff.review import DIFFERENT, SAME, SKIP
        from readout_diff.verdicts import ONE_SIDED

        session = self.session
        while True:
            by_hand = verdict.guess == ONE_SIDED
            choices = ["s", "d"] if verdict.can_pair else []
            choices += [*(["o"] if by_hand else []), "k", *(["u"] if session.answers else [])]
            choices += ["q", "?"]
            question = "Same point?" if verdict.can_pair else "Pair it with a claim you pick?"
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
                self.say(f"  undone: {undone.kind} on {' ~ '.join(undone.key)}", "dim")
                return True
            elif key == "o" and by_hand:
                if self.pick(verdict, keys):
                    return True
            elif (key in ("s", "d") and verdict.can_pair) or key in ("k", "n"):
                kind = {"s": SAME, "d": DIFFERENT}.get(key, SKIP)
                done = session.answer(kind)
                self.save(done.decision is not None, done.decision is None)
                if done.note:
                    self.say(f"  {done.note}", style="yellow")
                elif done.decision is not None:
                    self.say(f"  {done.kind}: saved in {self.shown_decisions}", style="dim")
                else:
                    self.say("  skipped; a later review will not ask it again", style="dim")
                return True
            elif key not in ("\r", "\n", ""):
                self.say("  press one of the keys in brackets, or ? for help", style="dim")

    def pick(self, verdict: Verdict, keys: Keys) -> bool:
        """Pair the verdict's claim with a claim the reader picks by number from another side's
        list; True once it is saved, False when the reader cancels or it cannot be recorded."""
        from readout_diff.render.text import clean
        from readout_diff.review import Refused

        session = self.session
        report = session.report
        if verdict.also:
            # Two claims shown, each alone: the first is the one paired.
            self.say(f"  pairing {verdict.claim.id}, the first of the two", style="dim")
        sides = [r.name for r in report.sides if r.name != verdict.claim.side]
        side = sides[0]
        if len(sides) > 1:
            for k, name in enumerate(sides, 1):
                self.say(f"  {k}. {clean(report.label(name))}")
            chosen = self.number(keys, "Pair it with a claim of which side?", len(sides))
            if chosen is None:
                return False
            side = sides[chosen - 1]
        label = clean(report.label(side))
        alone, paired = session.partners(side)
        listed = [*alone, *paired]
        if not listed:
            self.say(f"  {label} holds no claim to pair it with", style="dim")
            return False
        room = len(str(len(listed)))
        for title, group, first in (
            (f"Only in {label}:", alone, 1),
            ("Paired by the tool:", paired, len(alone) + 1),
        ):
            if group:
                self.say(title, style="bold")
            for k, claim in enumerate(group, first):
                self.line(f"  {k:>{room}}. ", " ".join(claim.text.split()))
        chosen = self.number(keys, f"Same point as which {label} claim?", len(listed))
        if chosen is None:
            return False
        other = listed[chosen - 1]
        try:
            session.pick(other)
        except Refused as refused:
            self.say(f"  {refused}", style="yellow")
            return False
        self.save(True, False)
        self.say(f"  same as {other.id}: saved in {self.shown_decisions}", style="dim")
        return True

    def number(self, keys: Keys, question: str, most: int) -> int | None:
        """A number from 1 to ``most`` typed by the reader, or None when they cancel."""
        while True:
            prompt = f"{question} [1-{most}, Enter cancels] "
            self.console.print(prompt, end="", style="bold blue")
            self.console.file.flush()

            def echo(text: str) -> None:
                self.console.file.write(text)
                self.console.file.flush()

            chosen = keys.number(echo)
            self.say("")
            if chosen is None:
                self.say("  cancelled", style="dim")
                return None
            if 1 <= chosen <= most:
                return chosen
            self.say(f"  {chosen} is not in the list: 1 to {most}", style="dim")

    def line(self, lead: str, text: str) -> None:
        """``lead`` then ``text``, cut to the screen's width (an ellipsis where it is cut):
        one line each, a list to scan."""
        from rich.text import Text

        from readout_diff.render.text import clean

        shown = Text(lead + clean(text))
        shown.truncate(self.console.width, overflow="ellipsis")
        self.console.print(shown, soft_wrap=True)

    def show(self, verdict: Verdict) -> None:
        """The verdict: progress, the tool's guess and why, then each claim in its sentence."""
        from rich.text import Text

        from readout_diff.render.terminal import hanging
        from readout_diff.render.text import clean
        from readout_diff.verdicts import PAIRED

        report = self.session.report
        place = self.session.place()
        head = Text(f"{place} ", style="bold")
        if verdict.guess == PAIRED:
            # Where the point is numbered by its place, as Check these lists it: its id (p8)
            # is nowhere in compare's report but --explain and JSON.
            link = f", link {place.link} of {place.links} of its point" if place.links > 1 else ""
            head.append(f"the tool paired these{link}")
            if verdict.score is not None:
                head.append(f", score {verdict.score:.2f} ({clean(verdict.rule)})", style="dim")
        elif verdict.also:
            head.append("the tool found each of these only in its own readout")
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
        from readout_diff.verdicts import sentence_of

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
        from readout_diff.skip_file import skips_to_yaml

        for wanted, path in ((decisions, self.files.decisions), (skips, self.files.skips_file)):
            # A file made read-only since the review began is not replaced behind its back.
            if wanted and os.path.exists(path) and read_only(path):
                raise InputError(
                    "was made read-only during the review, so this answer was not kept (the"
                    " earlier ones are in it); make it writable and run review again to go on",
                    path=path,
                )
        if decisions:
            write_atomic(self.files.decisions, to_yaml(self.session.written))
        if skips:
            write_atomic(self.files.skips_file, skips_to_yaml(self.session.skip_entries()))

    def finish(self) -> None:
        """What this review settled, and the settled report's summary."""
        import shlex

        from readout_diff.review import counts, summary_lines

        session = self.session
        made = counts(session.answers)
        # Answers are per question (a link, a claim), the counts below per verdict: say which.
        answers = "1 answer" if len(session.answers) == 1 else f"{len(session.answers)} answers"
        self.say(
            f"\nThis review: {answers}: {made['same']} same, {made['different']} different,"
            f" {made['skip']} skipped."
        )
        report = session.settled()
        self.say("Settled report:", style="bold")
        for line in summary_lines(report):
            self.say(line)
        left, answered = session.to_check(report)
        command = ["readout-diff", "compare", *self.paths, *self.options]
        # A decisions file no answer made is not named: compare would refuse it, missing.
        if not self.files.default and os.path.exists(self.files.decisions):
            command += ["--decisions", self.files.decisions]
        self.say(f"{counted(left)} left to check, {counted(answered)} skipped.")
        # A path that holds control characters is shown escaped: the line is read, not run.
        # The command on a line of its own, never broken: the terminal wraps it for the eye,
        # and a copy of it runs (a break after a hyphen in a path would not).
        self.say("The whole report:")
        self.say(shlex.join(printable(part) for part in command), whole=True)

    def say(self, text: str, style: str = "", *, whole: bool = False) -> None:
        """Print lines; a control character left in them is written as an escape.

        A long line breaks at spaces and after hyphens and slashes, as ``check`` breaks a
        call's name, never inside a word: a path in it (the decisions file) can be read.
        A ``whole`` line (a command to copy) is printed unbroken.
        """
        from rich.cells import cell_len
        from rich.text import Text

        from readout_diff.render.text import wrap_line

        width = self.console.width
        for line in text.split("\n"):
            if whole:
                self.console.print(Text(printable(line), style=style), soft_wrap=True)
                continue
            for part in wrap_line(printable(line), width, cell_len):
                self.console.print(Text(part, style=style), soft_wrap=True)


def counted(n: int) -> str:
    """``1 verdict``, ``3 verdicts``: one a point, as ``compare`` counts them under Check these
    (a point paired on several links is one verdict, asked link by link)."""
    return f"{n} verdict" if n == 1 else f"{n} verdicts"
