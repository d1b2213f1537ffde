"""PostGIS where present: the team store's events as a spatial layer a GIS opens directly, kept in step with
every write; without PostGIS the store is the same as before."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
import store_backends
from test_store import make_events

from geodata.store import EventStore
from geodata.store.postgres import GEOMETRY

pg_server, pg_url = store_backends.pg_server, store_backends.pg_url


def _has_postgis(url: str) -> bool:
    with sa.create_engine(url).connect() as conn:
        return bool(conn.scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")))


def test_events_carry_a_point_geometry_that_follows_every_write(pg_url: str):
    if not _has_postgis(pg_url):
        pytest.skip("this PostgreSQL server has no PostGIS (apt-get install postgresql-15-postgis-3)")
    store = EventStore(pg_url)
    events = make_events("geo", 8)
    store.add(events)
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        kind = conn.scalar(sa.text("SELECT type FROM geometry_columns WHERE f_table_name = 'events' "
                                   "AND f_geometry_column = :g"), {"g": GEOMETRY})
        srid = conn.scalar(sa.text("SELECT srid FROM geometry_columns WHERE f_geometry_column = :g"),
                           {"g": GEOMETRY})
        # events within 50 km of Kharkiv, by the index a GIS would use
        near = conn.scalars(sa.text(
            f"SELECT event_id FROM events WHERE ST_DWithin({GEOMETRY}::geography, "
            "ST_SetSRID(ST_MakePoint(36.2304, 49.9935), 4326)::geography, 50000) ORDER BY event_id")).all()
    assert (kind, srid) == ("POINT", 4326)
    assert near == ["geo-000000", "geo-000004"]
    moved = events.iloc[[0]].assign(latitude=46.4825, longitude=30.7233, location="Odesa")   # re-extracted
    store.add(moved)
    with engine.connect() as conn:
        lon_lat = conn.execute(sa.text(f"SELECT ST_X({GEOMETRY}), ST_Y({GEOMETRY}) FROM events "
                                       "WHERE event_id = 'geo-000000'")).one()
    assert tuple(lon_lat) == pytest.approx((30.7233, 46.4825))
    assert len(store.load()) == 8 and GEOMETRY not in store.load().columns   # the dashboard's columns only
    engine.dispose()


@pytest.fixture
def plain_user_db(pg_server: str | None) -> Iterator[tuple[str, str]]:
    """A database owned by a user who may not install extensions (as on most hosted servers), made from template0
    (no PostGIS in it): its URL for that user, and the server's admin URL for the same database."""
    if pg_server is None:
        pytest.skip("no PostgreSQL: set EVENT_ATLAS_TEST_DB or install postgresql (initdb)")
    name = f"atlas_plain_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN NOSUPERUSER')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER "{name}" TEMPLATE template0')
    server = sa.make_url(pg_server)
    try:
        yield (server.set(database=name, username=name).render_as_string(hide_password=False),
               server.set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"')
        admin.dispose()


def test_without_postgis_rights_the_store_works_and_gains_the_geometry_once_installed(
        plain_user_db: tuple[str, str]):
    user_url, admin_url = plain_user_db
    if not _has_postgis(admin_url):
        pytest.skip("this PostgreSQL server has no PostGIS")
    store = EventStore(user_url)
    store.add(make_events("plain", 3))              # the user may not CREATE EXTENSION postgis: no geometry
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        columns = set(conn.scalars(sa.text("SELECT column_name FROM information_schema.columns "
                                           "WHERE table_name = 'events'")).all())
        assert "event_id" in columns and GEOMETRY not in columns
        conn.exec_driver_sql("CREATE EXTENSION postgis")    # what an administrator does later
    store.engine.dispose()
    assert len(EventStore(user_url).load()) == 3
    with admin.connect() as conn:
        filled = conn.scalar(sa.text(f"SELECT count({GEOMETRY}) FROM events"))
    assert filled == 3
    admin.dispose()
