"""The house rules, checked: the engine never imports the page, each room of `geodata` imports only the rooms
below it, and no module grows past the size at which it usually holds a second job."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ENGINE = REPO / "geodata"

ALLOWED: dict[str, frozenset[str]] = {
    "codes": frozenset(),
    "memory": frozenset(),
    "lang": frozenset(),
    "schema": frozenset({"codes"}),
    "query": frozenset({"codes", "schema"}),
    "places": frozenset({"codes", "lang"}),
    "text": frozenset({"codes", "lang"}),
    "extract": frozenset({"codes", "lang", "schema", "places", "text"}),
    "formats": frozenset({"codes", "lang", "schema", "places"}),
    "store": frozenset({"codes", "schema", "query"}),
    "sample": frozenset({"codes", "schema", "extract", "formats", "places", "store"}),
    "cli": frozenset({"codes", "lang", "schema", "query", "places", "text", "extract", "formats", "store",
                      "sample", "memory"}),
    "__main__": frozenset({"cli"}),
}
"""Which rooms of geodata each room may import (the layers, bottom up). A new room gets a row here."""

FORBIDDEN_IN_ENGINE = ("streamlit", "dashboard", "altair", "folium", "streamlit_folium")
MAX_LINES = 650
"""A module longer than this has usually grown a second job: split it by job, or raise this with a reason."""


def _modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _room(path: Path) -> str:
    parts = path.relative_to(ENGINE).with_suffix("").parts
    return parts[0] if parts[0] != "__init__" else "geodata"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "geodata":
                found.update(f"geodata.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", _modules(ENGINE), ids=lambda p: str(p.relative_to(REPO)))
def test_engine_module_imports_only_rooms_below_it(path: Path):
    room = _room(path)
    imported = _imports(path)
    page = sorted(name for name in imported if name.split(".")[0] in FORBIDDEN_IN_ENGINE)
    assert not page, f"geodata must not import the page or its libraries: {page}"
    if room == "geodata":
        return
    assert room in ALLOWED, f"new room geodata/{room}: give it a row in ALLOWED"
    rooms = {name.split(".")[1] for name in imported if name.startswith("geodata.")} - {room, "__version__"}
    assert rooms <= ALLOWED[room], f"geodata/{room} imports {sorted(rooms - ALLOWED[room])}, above its layer"


@pytest.mark.parametrize("path", _modules(ENGINE) + _modules(REPO / "dashboard"),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_has_grown_a_second_job(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(REPO)} has {lines} lines"


def test_cli_modules_import_the_common_part_not_each_other():
    for path in (ENGINE / "cli").glob("*.py"):
        if path.name in ("__init__.py", "common.py"):
            continue
        siblings = {name for name in _imports(path) if name.startswith("geodata.cli")} - {"geodata.cli.common"}
        assert not siblings, f"{path.name} imports {sorted(siblings)}"
    assert not {name for name in _imports(ENGINE / "cli" / "common.py") if name.startswith("geodata.cli.")}


@pytest.mark.slow
def test_place_commands_do_not_import_pandas(gazetteer):
    """`geocode` and `places` start in well under a second: they never pay for pandas or the formats registry."""
    import subprocess
    import sys

    script = ("import sys; from geodata.cli import main; code = main(['geocode', 'Kyiv', '--limit', '1']); "
              "print(code, sorted(m for m in ('pandas', 'geodata.formats') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "0 []", out.stderr
