"""Fixtures that run a store test on every backend: SQLite always, PostgreSQL when a server is at hand.

PostgreSQL: EVENT_ATLAS_TEST_DB (a server URL whose user may create databases; CI sets it), else a throwaway
cluster started here when Debian's PostgreSQL is installed, else the PostgreSQL cases are skipped. Every test
gets a database of its own, dropped afterwards. Import the fixtures into a test module to use them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pg_cluster
import pytest

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str | None]:
    configured = os.environ.get("EVENT_ATLAS_TEST_DB")
    if configured:
        yield configured
        return
    if pg_cluster.bin_dir() is None:
        yield None
        return
    cluster = pg_cluster.start()
    try:
        yield cluster.url
    finally:
        pg_cluster.stop(cluster.folder)


@pytest.fixture
def pg_url(pg_server: str | None) -> Iterator[str]:
    """A fresh, empty database on the test server (its URL)."""
    if pg_server is None:
        pytest.skip("no PostgreSQL: set EVENT_ATLAS_TEST_DB or install postgresql (initdb)")
    import sqlalchemy as sa

    name = f"atlas_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server.replace("postgresql://", "postgresql+psycopg://", 1),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store of each backend in turn: a SQLite file's path, or a PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "events.sqlite")
    return str(request.getfixturevalue("pg_url"))
