"""Shared fixtures: the real gazetteer and geoparser (built into the user cache on first use) and the sample article."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SAMPLE_ARTICLE = REPO / "geodata" / "data" / "sample_article.md"

# Test lanes. `python -m pytest` runs them all (CI does); `python -m pytest -m "not slow and not browser"` is the
# fast lane for the edit-test loop. Whole modules are marked here; a single slow test elsewhere carries
# `@pytest.mark.slow` itself.
BROWSER_MODULES = frozenset({"test_browser", "test_auth_browser"})
"""Modules that start a Streamlit server and drive Chromium."""
SLOW_MODULES = frozenset({"test_scale", "test_dashboard_app", "test_snapshot", "test_auth", "test_store_failures"})
"""Modules whose tests start processes, damage files, build big frames or run Streamlit's AppTest: seconds each."""
SLOW_FIXTURES = frozenset({"cache_copy"})
"""Fixtures that copy the real gazetteer cache (hundreds of megabytes) for a test."""
SLOW_PARAMETERS = frozenset({"postgresql"})
"""A test run against a PostgreSQL server (a database of its own per test) is in the slow lane."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
        elif module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and SLOW_PARAMETERS & {str(v) for v in callspec.params.values()}:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def gazetteer():
    from geodata.places.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def parser(gazetteer):
    from geodata.places.geoparser import load_default

    return load_default()


@pytest.fixture(scope="session")
def sample_article_path() -> Path:
    return SAMPLE_ARTICLE


@pytest.fixture(scope="session")
def sample_article(sample_article_path) -> str:
    return sample_article_path.read_text(encoding="utf-8")


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    """The page's store in a fresh file (EVENT_ATLAS_DB), with no store or events cached by an earlier test."""
    import streamlit as st

    path = tmp_path / "events.sqlite"
    monkeypatch.setenv("EVENT_ATLAS_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()
