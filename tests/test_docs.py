"""The README and docs/ARCHITECTURE.md say what the code does: every subcommand, URL parameter, export format,
setting and room is documented, from the registries the code itself uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geodata.cli import SUBCOMMANDS
from geodata.formats.registry import READABLE, WRITABLE
from geodata.query import FIELDS
from tests.test_architecture import ALLOWED

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_subcommand_is_in_the_readme(name):
    assert re.search(rf"python -m geodata {name}\b", README), name


@pytest.mark.parametrize("param", [f.param for f in FIELDS])
def test_every_url_parameter_is_in_the_readme(param):
    assert f"`{param}`" in README or f"{param}=" in README, param


@pytest.mark.parametrize("fmt", [f.name for f in WRITABLE])
def test_every_export_format_is_in_the_readme(fmt):
    line = next(line for line in README.splitlines() if "python -m geodata export --format" in line)
    assert fmt in line.split("--format", 1)[1].split()[0].split("|"), fmt


@pytest.mark.parametrize("fmt", READABLE, ids=lambda f: f.name)
def test_every_readable_format_is_named_in_the_import_line(fmt):
    line = next(line for line in README.splitlines() if "python -m geodata import" in line)
    words = {"csv": "CSV", "acled": "ACLED", "ucdp": "UCDP", "gdelt": "GDELT", "geojson": "GeoJSON",
             "gpkg": "GeoPackage", "geoparquet": "GeoParquet"}
    assert words[fmt.name] in line, fmt.name


@pytest.mark.parametrize("setting", ["EVENT_ATLAS_DB", "EVENT_ATLAS_EDITOR_PASSWORD", "EVENT_ATLAS_CACHE",
                                     "EVENT_ATLAS_TEST_DB", "XDG_CACHE_HOME", "XDG_DATA_HOME"])
def test_every_setting_is_in_the_readme(setting):
    assert setting in README


def test_the_readme_names_the_exit_codes_the_cli_uses():
    from geodata.cli import EXIT_EMPTY, EXIT_OK, EXIT_USAGE

    for code in (EXIT_OK, EXIT_EMPTY, EXIT_USAGE):
        assert re.search(rf"^- {code}: ", README, flags=re.M), code


@pytest.mark.parametrize("room", sorted(set(ALLOWED) - {"__main__"}))
def test_every_room_is_in_the_architecture(room):
    assert f"`geodata/{room}" in ARCHITECTURE, room
