"""The stylesheet of the HTML report: inline, for a page that opens from disk with no asset.

A grid of one column per side on a wide screen, one column on a phone, the sides one after
the other on paper. A claim of a shared point lights up with its partners when the reader
points at it or follows a link to it (CSS ``:has()``, no script).
"""

from __future__ import annotations

STYLE = """
:root { --ink: #1d1d1f; --muted: #5b5b60; --line: #d8d8dc; --paper: #ffffff;
  --only: #fff1b8; --both: #e3efff; --mark: #ffb86b; --hover: #ffd60a; --check: #b35900; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 78rem; padding: 1.25rem; color: var(--ink);
  background: var(--paper); font: 1rem/1.55 Georgia, "Times New Roman", serif;
  overflow-wrap: anywhere; }
h1, h2, h3, table, .tag, .legend, footer, .sub, .src { font-family: system-ui, -apple-system,
  "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.sub, .src, footer, .legend { color: var(--muted); font-size: .85rem; }
.headline { font-size: 1.08rem; max-width: 48rem; }
.headline p { margin: .4rem 0; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.summary th, .summary td { overflow-wrap: normal; }
.summary tr:first-child th { white-space: nowrap; }
.scroll { overflow-x: auto; max-width: 100%; }
.legend span, .legend mark { padding: 0 .3rem; margin-right: .4rem; white-space: nowrap; }
.cols { display: grid; grid-template-columns: repeat(var(--n), minmax(0, 1fr)); gap: 1.5rem;
  margin-top: 1rem; }
.side h2 { margin-top: 0; padding-bottom: .25rem; border-bottom: 3px solid var(--line); }
.side p { margin: 0 0 .8rem; }
.side ul, .side ol { margin: 0 0 .8rem; padding-left: 1.4rem; }
.side li { margin: 0 0 .35rem; }
.side h3.head { margin: 1rem 0 .5rem; }
.meta { color: var(--muted); font-style: italic; }
.claim { border-radius: .2rem; padding: .05rem .1rem; scroll-margin-top: 4rem; }
.claim.only { background: var(--only); }
.claim.both { background: var(--both); }
.claim.check { border-bottom: 2px dashed var(--check); }
.claim.sure { border-bottom: 2px solid transparent; }
.claim:target { outline: 3px solid var(--hover); background: #fff7cc; }
mark { background: var(--mark); color: inherit; padding: 0 .1rem; border-radius: .15rem; }
.tag { display: inline-block; font-size: .7rem; line-height: 1.3; padding: 0 .3rem;
  margin-left: .2rem; border: 1px solid var(--line); border-radius: .6rem; color: var(--muted);
  text-decoration: none; vertical-align: .1rem; white-space: nowrap; background: #fff; }
a.tag:hover, a.tag:focus { color: var(--ink); border-color: var(--ink); }
.tag.q { color: var(--check); border-color: var(--check); font-weight: 600; }
.anchor { scroll-margin-top: 4rem; }
.checks th.group { background: #f6f6f8; font-weight: 600; }
.checks td { width: calc(100% / var(--n)); }
.checks a { color: inherit; text-decoration-color: var(--line); }
.nearest { color: var(--muted); }
.nearest::before { content: "nearest: "; font-style: italic; }
.ties { color: var(--muted); font-style: italic; }
.diffs li { margin: .2rem 0; }
@media (max-width: 720px) {
  body { padding: .8rem; font-size: .97rem; }
  .cols { grid-template-columns: minmax(0, 1fr); }
  h1 { font-size: 1.35rem; }
}
@media print {
  @page { margin: 1.6cm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .cols { display: block; }
  .side { break-inside: auto; margin-bottom: 1rem; }
  .side h2 { break-after: avoid; }
  .claim, mark, .tag { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .claim:target { outline: none; }
  a { color: inherit; text-decoration: none; }
  tr, h3 { break-inside: avoid; }
}
"""
