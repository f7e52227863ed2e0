"""The layering of ../shared/STYLE.md, checked on the source: data flows ingest → nlp →
extract → resolve → store → query → export; a stage imports the core and stages upstream of
it, never downstream; only cli, web, scale and watch import workflow."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PKG = ROOT / "src" / "alliancegraph"
CORE = {"text", "models", "errors", "config", "data", "timeexpr", "__init__"}
ORDER = ["ingest", "nlp", "extract", "resolve", "store", "query", "export", "evaluate", "workflow", "watch", "scale",
         "web", "cli"]


def _imports() -> dict[str, set[str]]:
    """Stage → the other stages of the package it imports (relative imports resolved)."""
    out: dict[str, set[str]] = {}
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).parts
        stage = rel[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level == 0:
                continue
            here = list(rel[:-1])
            target = here[:len(here) - (node.level - 1)] + [p for p in (node.module or "").split(".") if p]
            names = [target[0]] if target else [a.name for a in node.names]
            out.setdefault(stage, set()).update(n.removesuffix(".py") for n in names if n != stage)
    return out


def test_layout_stages_import_only_upstream() -> None:
    imports = _imports()
    wrong = {}
    for stage, targets in imports.items():
        if stage in CORE:
            bad = targets - CORE
        else:
            bad = {t for t in targets - CORE if t not in ORDER[:ORDER.index(stage)]}
        if stage not in ("cli", "web", "scale", "watch"):
            bad |= targets & {"workflow"} if stage != "workflow" else set()
        if bad:
            wrong[stage] = sorted(bad)
    assert not wrong, f"stages importing downstream (stage: modules): {wrong}"


def test_layout_nlp_does_not_import_extract() -> None:
    assert "extract" not in _imports().get("nlp", set())
