"""The documentation site's generated pages (tools/mkdocs_hooks.py): the claim catalogue comes from the registry, so a
new source appears without edits; the gallery lists every figure. The full build (``mkdocs build --strict``) runs in
.ci/run after ``pip install -e '.[docs]'``."""

import importlib.util
import json
import pathlib
import sys

import pytest

from symflow import claims, figures

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def hooks():
    spec = importlib.util.spec_from_file_location("symflow_docs_hooks", ROOT / "tools" / "mkdocs_hooks.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, mod)
    spec.loader.exec_module(mod)
    return mod


def test_catalogue_lists_every_claim_of_the_registry(hooks, monkeypatch):
    monkeypatch.delenv("SYMFLOW_VERIFY_JSON", raising=False)
    text = hooks.catalogue_markdown()
    for src in claims.registry.sources():
        assert f"## {src}:" in text
        for c in claims.select([src]):
            assert f"| `{c.id}` |" in text
    assert "did not run the checks" in text and "\\frac" not in text


def test_catalogue_shows_computed_verdicts_from_json(hooks, tmp_path, monkeypatch):
    rows = [{"id": "DD-Eq20", "verdict": "refuted", "expected": "refuted", "ok": True, "digits": None,
             "scope": "a counterexample", "detail": "needs coefficient 1/4 | not 1/2\nsecond line"},
            {"id": "DD-Eq7", "verdict": "inconclusive", "expected": "proved", "ok": False, "digits": 12,
             "scope": "s", "detail": "d"}]
    path = tmp_path / "verify.json"
    path.write_text(json.dumps(rows))
    monkeypatch.setenv("SYMFLOW_VERIFY_JSON", str(path))
    text = hooks.catalogue_markdown()
    line = next(l for l in text.splitlines() if l.startswith("| `DD-Eq20` |"))
    assert "**refuted**" in line and "1/4 \\| not 1/2" in line and "second line" not in line
    assert "*inconclusive* (!)" in next(l for l in text.splitlines() if l.startswith("| `DD-Eq7` |"))
    assert "| `DD-Eq5` |" in text and "not run" in text


def test_gallery_lists_every_figure_without_drawing(hooks):
    text, pngs = hooks.gallery_markdown(None)
    assert pngs == []
    for fig in figures.all_figures().values():
        assert f"## {fig.name}:" in text and fig.spec_id in text


def test_every_nav_page_exists():
    import re

    nav = re.findall(r":\s*([\w/.-]+\.md)\s*$", (ROOT / "mkdocs.yml").read_text(), re.M)
    generated = {"catalogue.md", "gallery.md"}
    assert {"tutorial.md", "errata.md", "catalogue.md", "gallery.md", "reference/api.md"} <= set(nav)
    for page in set(nav) - generated:
        assert (ROOT / "docs" / page).is_file(), page
