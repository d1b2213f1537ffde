"""Every store failure is one line (exit 2 on the CLI) and leaves the store as it was: a file damaged in the
middle, a file or folder that cannot be written, a full disk, a writer that holds the lock too long, a missing
driver; and a password in a database URL is never shown."""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import store_backends
from test_store import make_events

from geodata.cli import main
from geodata.formats import write_events
from geodata.store import EventStore, StoreError, snapshot
from geodata.store import sqlite as sqlite_backend

pg_server, pg_url = store_backends.pg_server, store_backends.pg_url
REPO = Path(__file__).resolve().parents[1]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: event store "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]


def events_csv(tmp_path: Path, prefix: str = "new", n: int = 5) -> Path:
    path = tmp_path / f"{prefix}.csv"
    path.write_bytes(write_events(make_events(prefix, n), "csv"))
    return path


# ---------------------------------------------------------------------------------------------- damaged file

def _damage_a_middle_page(path: Path, marker: bytes) -> None:
    """Overwrite the header of the table page that holds `marker` (one event's notes) with garbage: the file is
    damaged in the middle, its schema and the rest of its pages intact."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    at = data.index(marker)
    page = at // page_size
    assert page > 2, "the marker should be deep in the file"
    start = page * page_size
    data[start:start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "events.sqlite"
    store = EventStore(path)
    store.add(make_events("old", 3000))
    store.close()
    for leftover in (path.with_suffix(".snapshot.arrow"),):
        leftover.unlink(missing_ok=True)
    _damage_a_middle_page(path, b"report 1500.")
    return path


def test_a_store_damaged_in_the_middle_is_one_line_on_every_command(damaged, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("EVENT_ATLAS_DB", str(damaged))
    with pytest.raises(StoreError, match="damaged"):
        EventStore(damaged).load()
    code, _, err = run_cli(capsys, "export", "--format", "csv")
    assert code == 2
    assert_one_line_error(err, "damaged", str(damaged))


def test_a_write_that_lands_in_a_damaged_file_is_no_failure(damaged, tmp_path, capsys, monkeypatch):
    """New rows go to intact pages and commit; the snapshot rebuild then cannot read the damaged page: a warning,
    exit 0, and the rows are there."""
    env = {**os.environ, "EVENT_ATLAS_DB": str(damaged), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "geodata", "import", str(events_csv(tmp_path))], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    out, err = done.stdout, done.stderr
    assert done.returncode == 0, err
    assert "5 of 5 rows taken, 0 rejected (5 new" in out and "Traceback" not in err
    lines = err.splitlines()   # the housekeeping after the write (snapshot, sample removal) warns, one line each
    assert lines and all(line.startswith("warning: ") for line in lines), err
    assert "snapshot could not be refreshed" in err and "damaged" in err
    with sqlite3.connect(damaged) as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE event_id LIKE 'new-%'").fetchone()[0] == 5


def test_a_snapshot_refresh_failure_after_a_write_is_a_warning(tmp_path, monkeypatch, caplog):
    store = EventStore(tmp_path / "events.sqlite")
    monkeypatch.setattr(snapshot, "load_events", _raise(StoreError("here", "the file is damaged (test)")))
    with caplog.at_level(logging.WARNING):
        result = snapshot.add_events(store, make_events("ev", 3))
    assert result.inserted == 3 and store.count() == 3
    assert "could not be refreshed" in caplog.text


def _raise(error: BaseException):
    def fail(*_args, **_kwargs):
        raise error
    return fail


def test_a_file_that_is_no_database(tmp_path, capsys, monkeypatch):
    path = tmp_path / "events.sqlite"
    path.write_bytes(b"this is not a database, just text " * 200)
    monkeypatch.setenv("EVENT_ATLAS_DB", str(path))
    code, _, err = run_cli(capsys, "import", str(events_csv(tmp_path)))
    assert code == 2
    assert_one_line_error(err, "not an Event Atlas database")
    assert path.read_bytes().startswith(b"this is not a database")


# ---------------------------------------------------------------------------------------------- read-only

@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """chattr +i: not even root may write (chmod would not stop root). Skips where the file system refuses."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i not supported here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_a_read_only_file_reads_and_refuses_writes_in_one_line(tmp_path):
    """The CLI runs in its own process, as a user meets it: in this process SQLite may hand a new connection a
    read-write descriptor that an earlier, not yet collected connection to the same file left open."""
    path = tmp_path / "events.sqlite"
    seeding = EventStore(path)
    seeding.add(make_events("old", 20))
    seeding.close()
    gc.collect()
    before = path.read_bytes()
    with immutable(path):
        reader = EventStore(path)
        assert reader.count() == 20   # a read-only store can still be read
        reader.close()
        env = {**os.environ, "EVENT_ATLAS_DB": str(path), "PYTHONPATH": str(REPO)}
        done = subprocess.run([sys.executable, "-m", "geodata", "import", str(events_csv(tmp_path))], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 2, done.stdout + done.stderr
        assert_one_line_error(done.stderr, "cannot be written")
    assert path.read_bytes() == before
    assert EventStore(path).count() == 20


def test_a_read_only_folder_for_a_new_store(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    monkeypatch.setenv("EVENT_ATLAS_DB", str(folder / "events.sqlite"))
    with immutable(folder):
        code, _, err = run_cli(capsys, "import", str(events_csv(tmp_path)))
    assert code == 2
    assert_one_line_error(err, "cannot be opened")
    assert not (folder / "events.sqlite").exists()


def test_a_snapshot_folder_that_cannot_be_written_is_logged(tmp_path, caplog):
    store = EventStore(tmp_path / "events.sqlite")
    store.add(make_events("ev", 4))
    with immutable(tmp_path), caplog.at_level(logging.WARNING):
        frame = snapshot.load_events(store)
    assert len(frame) == 4
    assert "could not be written" in caplog.text


# ---------------------------------------------------------------------------------------------- disk full

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 300 KB tmpfs (root only); skipped where mounting is not allowed."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_during_an_import_writes_nothing(small_disk, tmp_path, capsys, monkeypatch):
    path = small_disk / "events.sqlite"
    EventStore(path).add(make_events("old", 10))
    monkeypatch.setenv("EVENT_ATLAS_DB", str(path))
    code, _, err = run_cli(capsys, "import", str(events_csv(tmp_path, "big", 5000)))
    assert code == 2
    assert_one_line_error(err, "disk is full")
    assert EventStore(path).count() == 10


def test_a_full_database_writes_nothing(tmp_path):
    """The same SQLITE_FULL without a mount: the file may not grow past its current pages."""
    store = EventStore(tmp_path / "events.sqlite")
    store.add(make_events("old", 10))
    store.engine.dispose()
    import sqlalchemy as sa

    sa.event.listen(store.engine, "connect", lambda conn, _: conn.execute(
        f"PRAGMA max_page_count={conn.execute('PRAGMA page_count').fetchone()[0]}"))
    with pytest.raises(StoreError, match="disk is full"):
        store.add(make_events("big", 3000))
    assert EventStore(tmp_path / "events.sqlite").count() == 10


def test_a_snapshot_that_meets_a_full_disk_is_skipped(tmp_path, monkeypatch, caplog):
    store = EventStore(tmp_path / "events.sqlite")
    store.add(make_events("ev", 4))

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(snapshot.feather, "write_feather", full)
    with caplog.at_level(logging.WARNING):
        assert len(snapshot.load_events(store)) == 4
        assert snapshot.add_events(store, make_events("more", 2)).inserted == 2
    assert "No space left on device" in caplog.text
    assert not list(tmp_path.glob(".snapshot-*"))   # no half-written temporary file left behind


# ---------------------------------------------------------------------------------------------- locked

def test_a_writer_holding_the_lock_too_long(tmp_path, capsys, monkeypatch):
    path = tmp_path / "events.sqlite"
    EventStore(path).add(make_events("old", 10))
    monkeypatch.setattr(sqlite_backend, "BUSY_TIMEOUT_S", 0.3)
    monkeypatch.setenv("EVENT_ATLAS_DB", str(path))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="for too long"):
            EventStore(path).add(make_events("new", 5))
        code, _, err = run_cli(capsys, "import", str(events_csv(tmp_path)))
        assert code == 2
        assert_one_line_error(err, "for too long")
    finally:
        other.rollback()
        other.close()
    assert EventStore(path).count() == 10


# ---------------------------------------------------------------------------------------------- drivers, URLs

@pytest.mark.parametrize(("url", "words"), [
    ("mysql://atlas:S3cretPW@127.0.0.1:3306/atlas", "mysql databases are not supported"),
    ("oracle://atlas:S3cretPW@db/atlas", "not supported"),
    ("nosuch://atlas:S3cretPW@db/atlas", "not supported"),
    ("postgresql+psycopg://atlas:S3cretPW@127.0.0.1:1/atlas", "psycopg"),
])
def test_an_unusable_url_is_one_line_without_its_password(url, words, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)   # as if psycopg were not installed
    monkeypatch.setenv("EVENT_ATLAS_DB", url)
    code, out, err = run_cli(capsys, "import", str(events_csv(tmp_path)))
    assert code == 2
    assert_one_line_error(err, words, "***")
    assert "S3cretPW" not in out + err


def test_an_unreachable_server_is_one_line_without_its_password(tmp_path, capsys, monkeypatch):
    pytest.importorskip("psycopg")
    port = store_backends.pg_cluster._free_port()   # nothing listens there
    monkeypatch.setenv("EVENT_ATLAS_DB", f"postgresql://atlas:S3cretPW@127.0.0.1:{port}/atlas")
    code, out, err = run_cli(capsys, "import", str(events_csv(tmp_path)))
    assert code == 2
    assert_one_line_error(err, "***", "127.0.0.1")
    assert "S3cretPW" not in out + err
    with pytest.raises(StoreError) as raised:
        EventStore(f"postgresql://atlas:S3cretPW@127.0.0.1:{port}/atlas")
    assert "S3cretPW" not in raised.value.message and "S3cretPW" not in repr(raised.value)


def test_a_success_line_masks_the_password(pg_url, tmp_path, capsys, monkeypatch):
    import sqlalchemy as sa

    url = sa.make_url(pg_url).set(password="S3cretPW").render_as_string(hide_password=False)   # trust: accepted
    monkeypatch.setenv("EVENT_ATLAS_DB", url)
    code, out, err = run_cli(capsys, "import", str(events_csv(tmp_path)))
    assert code == 0, err
    assert EventStore(url).count() == 5 and "S3cretPW" not in repr(EventStore(url))
    code, out, err = run_cli(capsys, "export", "--format", "csv")
    assert code == 0 and len(pd.read_csv(__import__("io").StringIO(out))) == 5
    assert "S3cretPW" not in out + err


# ---------------------------------------------------------------------------------------------- PostgreSQL

def test_postgresql_read_only_and_lock_held_too_long(pg_url, tmp_path, capsys, monkeypatch):
    import sqlalchemy as sa

    from geodata.store import postgres as postgres_backend

    EventStore(pg_url).add(make_events("old", 10))
    monkeypatch.setattr(postgres_backend, "LOCK_TIMEOUT_S", 0.5)
    holder = sa.create_engine(pg_url)
    with holder.connect() as conn, conn.begin():   # another writer holding one of the rows
        conn.exec_driver_sql("SELECT * FROM events WHERE event_id = 'old-000003' FOR UPDATE")
        with pytest.raises(StoreError, match="for too long"):
            EventStore(pg_url).add(make_events("old", 10))
    name = sa.make_url(pg_url).database
    with holder.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    holder.dispose()
    monkeypatch.setenv("EVENT_ATLAS_DB", pg_url)
    code, _, err = run_cli(capsys, "import", str(events_csv(tmp_path)))
    assert code == 2
    assert_one_line_error(err, "read-only")
    assert EventStore(pg_url).count() == 10
