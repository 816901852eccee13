"""MkDocs hooks: pages generated from the code at build time, so that new sources and figures appear without edits.

* ``catalogue.md`` -- every claim of every source in the registry (``symflow.claims``): ID, statement (plain text),
  expected verdict, and, when ``SYMFLOW_VERIFY_JSON`` names the output of ``symflow verify --json``, the computed
  verdict, digits, scope and one-line detail; otherwise the claims are listed without running them.  Cited
  definitions and PENDING IDs (declared, not yet encoded) follow each source's table.
* ``gallery.md`` -- every figure (``symflow.figures``), drawn into the site with its check's verdict.
  ``SYMFLOW_DOCS_NO_FIGURES=1`` lists them without drawing (a quick build).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

_VERDICT_BADGE = {"proved": "proved", "verified": "verified", "refuted": "**refuted**", "inconclusive": "*inconclusive*"}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (no pipes, no line breaks, no raw HTML or emphasis)."""
    text = " ".join(str(text).split())
    for a, b in (("\\", "\\\\"), ("|", "\\|"), ("<", "&lt;"), (">", "&gt;"), ("*", "\\*"), ("_", "\\_"),
                 ("`", "'"), ("[", "\\["), ("]", "\\]")):
        text = text.replace(a, b)
    return text


def _computed() -> dict:
    path = os.environ.get("SYMFLOW_VERIFY_JSON")
    if not path:
        return {}
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return {r["id"]: r for r in rows}


def catalogue_markdown() -> str:
    """The claim catalogue as Markdown (one table per source)."""
    from symflow import claims
    from symflow.claims import SOURCES, registry
    from symflow.plaintext import shorten, to_text

    computed = _computed()
    lines = ["---", "hide:", "  - toc", "---", "", "# Claim catalogue", "",
             "Every claim of the sources, as printed, with the verdict recorded after investigation. Generated from "
             "the registry when the site is built; re-run any claim with `symflow verify <ID> --dps 60`. "
             "Refuted claims are derived in the [errata](errata.md).", ""]
    if computed:
        lines += [f"Verdicts computed by `symflow verify --json` ({len(computed)} claims); a mark (!) flags a verdict "
                  "that differs from its expectation.", ""]
    else:
        lines += ["This build did not run the checks: the table lists each claim with its expected verdict. "
                  "Set `SYMFLOW_VERIFY_JSON` to the output of `symflow verify --json` to show computed verdicts, "
                  "digits, scope and detail.", ""]
    for src in registry.sources():
        sel = claims.select([src])
        lines += [f"## {src}: {SOURCES[src].title}", ""]
        if computed:
            lines += ["| ID | verdict | expected | digits | statement | detail | scope |",
                      "|---|---|---|---|---|---|---|"]
        else:
            lines += ["| ID | expected | kind | statement |", "|---|---|---|---|"]
        for c in sel:
            text = _cell(shorten(to_text(c.text), 160))
            r = computed.get(c.id)
            if computed and r is not None:
                flag = "" if r.get("ok", r["verdict"] == r["expected"]) else " (!)"
                digits = "" if r.get("digits") is None else str(r["digits"])
                detail = (r.get("detail") or "").splitlines()[0] if r.get("detail") else ""
                lines.append(f"| `{c.id}` | {_VERDICT_BADGE[r['verdict']]}{flag} | {c.expected} | {digits} | {text} "
                             f"| {_cell(shorten(detail, 200))} | {_cell(r.get('scope', ''))} |")
            elif computed:
                lines.append(f"| `{c.id}` | not run | {c.expected} | | {text} | | |")
            else:
                lines.append(f"| `{c.id}` | {c.expected} | {c.kind.value} | {text} |")
        cites = claims.citations([src])
        if cites:
            lines += ["", f"**Cited definitions and context** ({len(cites)}, no verdict):", ""]
            lines += [f"- `{cid}`: {_cell(shorten(to_text(where), 200))}" for cid, where in cites.items()]
        pending = registry.coverage(src).pending
        if pending:
            lines += ["", f"**Pending** ({len(pending)} spec IDs declared, not yet encoded): "
                      + ", ".join(f"`{p}`" for p in pending)]
        lines.append("")
    return "\n".join(lines)


def gallery_markdown(out_dir: Path | None) -> tuple[str, list[Path]]:
    """The gallery page, and the PNGs drawn into ``out_dir`` (none when ``out_dir`` is None)."""
    from symflow import figures
    from symflow.plaintext import to_text

    lines = ["# Figure gallery", "",
             "The figures of the sources, reproduced by `symflow figure NAME` and drawn when the site was built. "
             "Each comes with the check of what the source's text says it shows, and that check's verdict. The "
             "set-up the papers leave unstated is in [Figures](figures.md).", ""]
    pngs = []
    for fig in figures.all_figures().values():
        lines += [f"## {fig.name}: {fig.title}", "", f"Reproduces `{fig.spec_id}`. Check: {_cell(to_text(fig.what))}",
                  ""]
        if out_dir is None:
            lines += [f"Not drawn in this build; run `symflow figure {fig.name}`.", ""]
            continue
        png = figures.figure(fig.name, path=out_dir / f"{fig.name}.png", dps=30)
        verdict = fig.check(30, fast=False)
        digits = "" if verdict.digits is None else f", {verdict.digits} digits"
        lines += [f"![{fig.name}](gallery/{fig.name}.png)", "",
                  f"**{verdict.word}**{digits}: {_cell(verdict.detail)}", ""]
        pngs.append(png)
    return "\n".join(lines), pngs


def on_files(files, config):
    """Add the generated pages (and the gallery's PNGs) to the site."""
    from mkdocs.structure.files import File

    files.append(File.generated(config, "catalogue.md", content=catalogue_markdown()))
    out_dir = None if os.environ.get("SYMFLOW_DOCS_NO_FIGURES") else Path(tempfile.mkdtemp(prefix="symflow-gallery-"))
    text, pngs = gallery_markdown(out_dir)
    files.append(File.generated(config, "gallery.md", content=text))
    for png in pngs:
        files.append(File.generated(config, f"gallery/{png.name}", abs_src_path=str(png)))
    return files
