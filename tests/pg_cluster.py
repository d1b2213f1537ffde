"""A throwaway PostgreSQL cluster for the store tests: initdb into a temporary folder, a server on a free local
port (its unix socket in that folder too), trust authentication, stopped and deleted afterwards.

The tests start one themselves when Debian's PostgreSQL is installed (/usr/lib/postgresql/*/bin) and
EVENT_ATLAS_TEST_DB is unset; CI starts one with `eval "$(python tests/pg_cluster.py start)"`, which exports
EVENT_ATLAS_TEST_DB (a server URL whose user may CREATE DATABASE) and EVENT_ATLAS_TEST_PG_DIR, and stops it with
`python tests/pg_cluster.py stop "$EVENT_ATLAS_TEST_PG_DIR"`. PostgreSQL refuses to run as root: as root, the
server runs as the `postgres` user the Debian package creates (runuser).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

USER = "atlas"


def bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: on PATH, else the newest Debian /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


@dataclass
class Cluster:
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/postgres"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        raise RuntimeError("running as root without runuser: cannot start PostgreSQL as another user")
    return ["runuser", "-u", "postgres", "--", *command]


def start() -> Cluster:
    binaries = bin_dir()
    if binaries is None:
        raise RuntimeError("no initdb found: apt-get install postgresql")
    folder = Path(tempfile.mkdtemp(prefix="event-atlas-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", USER, "--auth=trust",
                                        "-E", "UTF8", "--locale=C", "--no-sync"]), **run)
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=50")
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                                        "-l", str(folder / "server.log"), "-w", "-t", "60", "start"]), **run)
    except subprocess.CalledProcessError as exc:
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"cannot start PostgreSQL: {exc.stderr or exc.stdout}\n{log[-2000:]}") from None
    cluster = Cluster(folder, port)
    try:
        _postgis_in_template(cluster)
    except Exception:
        stop(folder)
        raise
    return cluster


def _postgis_in_template(cluster: Cluster) -> None:
    """Where the server has PostGIS (Debian's postgresql-N-postgis-3), install it in template1 once, so that each
    test's new database has it without the seconds CREATE EXTENSION takes; the store then adds its geometry."""
    import sqlalchemy as sa

    engine = sa.create_engine(cluster.url.rsplit("/", 1)[0] + "/template1", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if conn.scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")):
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    finally:
        engine.dispose()


def stop(folder: Path) -> None:
    binaries = bin_dir()
    if binaries is not None and (folder / "data" / "postmaster.pid").exists():
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate",
                                        "-w", "stop"]), capture_output=True, timeout=60)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["start"]:
        cluster = start()
        print(f"export EVENT_ATLAS_TEST_DB='{cluster.url}'")
        print(f"export EVENT_ATLAS_TEST_PG_DIR='{cluster.folder}'")
    elif sys.argv[1:2] == ["stop"] and len(sys.argv) == 3:
        stop(Path(sys.argv[2]))
    else:
        sys.exit("usage: python tests/pg_cluster.py start | stop FOLDER")
