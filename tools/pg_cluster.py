#!/usr/bin/python3
"""A throwaway PostgreSQL 15 + PostGIS cluster of its own, for the tests and for trying the PostGIS backend.

``initdb`` into a fresh temporary folder, listening only on a Unix socket inside that folder (or, with
``tcp=True``, also on a free loopback port), started with ``pg_ctl start -w``; :meth:`PgCluster.stop`
stops it and removes the folder. The system's default cluster (``/var/lib/postgresql``, port 5432) is
never touched. ``initdb`` refuses to run as root, so as root every server command runs as the ``postgres``
OS user (``runuser``) and the folder belongs to it; as a normal user everything runs as that user.

Authentication: the superuser ``postgres`` logs in without a password (``trust``, only through the socket
in the private folder or from 127.0.0.1); every other role needs its password (``scram-sha-256``), so
tests that log in as a planner or the public prove that the password really reaches the server.

Usage as a context manager::

    with PgCluster() as cluster:
        cluster.create_database("mitmach")            # with CREATE EXTENSION postgis
        dsn = cluster.dsn("mitmach")                    # "host=/tmp/mitmach-pg-… port=… dbname=…"

and from the command line (the state is kept in ``.stamps/pg-cluster.json``)::

    /usr/bin/python3 tools/pg_cluster.py start [--tcp] [--db mitmach]   # prints the connection string
    /usr/bin/python3 tools/pg_cluster.py stop
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BINDIR = Path(os.environ.get("MITMACH_PG_BINDIR", "/usr/lib/postgresql/15/bin"))
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
SUPERUSER = "postgres"
STATE_FILE = Path(
    os.environ.get("MITMACH_PG_STATE", Path(__file__).resolve().parent.parent / ".stamps" / "pg-cluster.json")
)
SETUP_HINT = "run `make setup` (it installs postgresql-15 and postgresql-15-postgis-3 from Debian)"

# A test cluster: durability is not wanted, speed is. Never use these settings for real data.
SERVER_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "60",
    "shared_buffers": "32MB",
    "max_wal_size": "256MB",
    "deadlock_timeout": "100ms",  # the tests provoke deadlocks; a server's default is 1 s
    "log_min_messages": "warning",
    "log_min_error_statement": "panic",  # statements of failing tests could hold test data
    "logging_collector": "off",
}


class ClusterError(RuntimeError):
    """The throwaway cluster could not be set up (the message says what to do)."""


def missing_binaries() -> list[str]:
    """What of PostgreSQL 15 / PostGIS 3 is not installed (empty when everything is there)."""
    missing = [
        str(BINDIR / name) for name in ("initdb", "pg_ctl", "postgres") if not (BINDIR / name).is_file()
    ]
    if not POSTGIS_CONTROL.is_file():
        missing.append(str(POSTGIS_CONTROL))
    return missing


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quote_ident(name: str) -> str:
    """An SQL identifier, double-quoted (as psycopg2.sql.Identifier would)."""
    return '"' + name.replace('"', '""') + '"'


def _quote_setting(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class PgCluster:
    """One private PostgreSQL cluster in a temporary folder (see the module docstring)."""

    def __init__(
        self, base_dir: str | Path | None = None, tcp: bool = False, port: int | None = None
    ) -> None:
        self.base_dir = Path(base_dir) if base_dir else None
        self.tcp = tcp
        self.port = port
        self.running = False
        self.timings: dict[str, float] = {}

    # -- where things are -------------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self._base() / "data"

    @property
    def socket_dir(self) -> Path:
        return self._base()

    @property
    def log_file(self) -> Path:
        return self._base() / "server.log"

    @property
    def host(self) -> str:
        """The libpq host: the socket folder (or 127.0.0.1 with ``tcp=True``)."""
        return "127.0.0.1" if self.tcp else str(self.socket_dir)

    def _base(self) -> Path:
        if self.base_dir is None:
            raise ClusterError("the cluster has not been started")
        return self.base_dir

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        """A libpq key=value connection string (a password only when one is given)."""
        parts = {"host": self.host, "port": str(self.port), "dbname": dbname, "user": user}
        if password is not None:
            parts["password"] = password
        return " ".join(f"{k}={_quote_setting(v)}" for k, v in parts.items())

    def uri(self, dbname: str = "postgres", user: str = SUPERUSER, schema: str | None = None) -> str:
        """The same as a ``postgresql://`` URI (the socket folder as the ``host`` parameter)."""
        from urllib.parse import quote

        host = "127.0.0.1" if self.tcp else quote(str(self.socket_dir), safe="")
        tail = f"schema={quote(schema)}" if schema else ""
        return f"postgresql://{quote(user)}@{host}:{self.port}/{quote(dbname)}" + (f"?{tail}" if tail else "")

    # -- running as the right OS user ---------------------------------------------------------------------
    @staticmethod
    def _as_root() -> bool:
        return os.geteuid() == 0

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if self._as_root():
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
        if proc.returncode != 0:
            raise ClusterError(
                f"{Path(args[0]).name} failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}"
            )
        return proc

    def _make_base(self) -> None:
        if self.base_dir is None:
            self.base_dir = Path(tempfile.mkdtemp(prefix="mitmach-pg-"))
        else:
            self.base_dir.mkdir(parents=True, exist_ok=False)
        if self._as_root():
            try:
                entry = pwd.getpwnam(SUPERUSER)
            except KeyError as exc:
                raise ClusterError(f"no OS user {SUPERUSER!r}: {SETUP_HINT}") from exc
            os.chown(self.base_dir, entry.pw_uid, entry.pw_gid)
        self.base_dir.chmod(0o700)

    # -- life cycle ------------------------------------------------------------------------------------
    def start(self) -> PgCluster:
        missing = missing_binaries()
        if missing:
            raise ClusterError(
                f"PostgreSQL 15 / PostGIS 3 are not installed ({', '.join(missing)}): {SETUP_HINT}"
            )
        started = time.monotonic()
        self.port = self.port or free_port()
        self._make_base()
        try:
            self._initdb()
            self.timings["initdb_s"] = time.monotonic() - started
            self._run(BINDIR / "pg_ctl", "start", "-w", "-t", "60", "-D", self.data_dir, "-l", self.log_file)
        except BaseException:
            self._remove()
            raise
        self.running = True
        self.timings["start_s"] = time.monotonic() - started
        return self

    def _initdb(self) -> None:
        self._run(BINDIR / "initdb", "-D", self.data_dir, "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8",
                  "--auth=trust", "--no-instructions")  # fmt: skip
        # pg_hba.conf is replaced below: only our superuser without a password
        settings = {
            **SERVER_SETTINGS,
            "port": str(self.port),
            "listen_addresses": "127.0.0.1" if self.tcp else "",
            "unix_socket_directories": str(self.socket_dir),
            "unix_socket_permissions": "0777",  # the folder itself is private (0700)
        }
        conf = "".join(f"{k} = {_quote_setting(v)}\n" for k, v in settings.items())
        hba = (
            f"local all {SUPERUSER} trust\n"
            "local all all scram-sha-256\n"
            f"host all {SUPERUSER} 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        self._write_as_owner(self.data_dir / "postgresql.auto.conf", conf)
        self._write_as_owner(self.data_dir / "pg_hba.conf", hba)

    def _write_as_owner(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        if self._as_root():
            entry = pwd.getpwnam(SUPERUSER)
            os.chown(path, entry.pw_uid, entry.pw_gid)
        path.chmod(0o600)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove the folder; safe to call twice."""
        if self.base_dir is None:
            return
        started = time.monotonic()
        if self.running or (self.data_dir / "postmaster.pid").exists():
            with contextlib.suppress(ClusterError, subprocess.TimeoutExpired):
                self._run(BINDIR / "pg_ctl", "stop", "-w", "-t", "60", "-m", "fast", "-D", self.data_dir)
        self.running = False
        self._remove()
        self.timings["stop_s"] = time.monotonic() - started

    def _remove(self) -> None:
        if self.base_dir is not None and self.base_dir.exists():
            shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> PgCluster:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- databases --------------------------------------------------------------------------------------
    def connect(self, dbname: str = "postgres", autocommit: bool = True):
        import psycopg2

        conn = psycopg2.connect(self.dsn(dbname))
        conn.autocommit = autocommit
        return conn

    def psql(self, sql_text: str, dbname: str = "postgres") -> str:
        """Run SQL with the cluster's own ``psql`` as the superuser (no Python driver needed)."""
        proc = self._run(BINDIR / "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.socket_dir,
                         "-p", str(self.port), "-U", SUPERUSER, "-d", dbname, "-c", sql_text)  # fmt: skip
        return proc.stdout.strip()

    def create_database(self, name: str, template: str | None = None, postgis: bool = True) -> str:
        """``CREATE DATABASE`` (from ``template`` when given, else with ``CREATE EXTENSION postgis``); its dsn."""
        statement = f"CREATE DATABASE {quote_ident(name)}"
        if template:
            statement += f" TEMPLATE {quote_ident(template)} STRATEGY FILE_COPY"
        self.psql(statement)
        if postgis and not template:
            self.psql("CREATE EXTENSION IF NOT EXISTS postgis", dbname=name)
        return self.dsn(name)

    def drop_database(self, name: str) -> None:
        self.psql(f"DROP DATABASE IF EXISTS {quote_ident(name)} WITH (FORCE)")

    def state(self) -> dict:
        return {"base_dir": str(self.base_dir), "port": self.port, "tcp": self.tcp, "pid": os.getpid()}

    @classmethod
    def from_state(cls, state: dict) -> PgCluster:
        cluster = cls(tcp=bool(state.get("tcp")), port=int(state["port"]))
        cluster.base_dir = Path(state["base_dir"])
        cluster.running = (cluster.data_dir / "postmaster.pid").exists()
        return cluster


# -- command line ---------------------------------------------------------------------------------------------
def _cli_start(args: argparse.Namespace) -> int:
    if STATE_FILE.exists():
        print(f"a cluster is already running (see {STATE_FILE}); stop it first", file=sys.stderr)
        return 1
    cluster = PgCluster(tcp=args.tcp)
    try:
        cluster.start()
        if args.db:
            cluster.create_database(args.db)
    except BaseException:
        cluster.stop()
        raise
    STATE_FILE.parent.mkdir(parents=True, exist_ok=True)
    STATE_FILE.write_text(json.dumps(cluster.state()), encoding="utf-8")
    print(cluster.uri(args.db or "postgres", schema="mitmach"))
    print(f"# started in {cluster.timings['start_s']:.2f} s; stop with: python3 tools/pg_cluster.py stop",
          file=sys.stderr)  # fmt: skip
    return 0


def _cli_stop(_args: argparse.Namespace) -> int:
    if not STATE_FILE.exists():
        print("no cluster of ours is running", file=sys.stderr)
        return 0
    cluster = PgCluster.from_state(json.loads(STATE_FILE.read_text(encoding="utf-8")))
    cluster.stop()
    STATE_FILE.unlink()
    print(
        f"stopped and removed {cluster.base_dir} in {cluster.timings.get('stop_s', 0):.2f} s", file=sys.stderr
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A throwaway PostgreSQL 15 + PostGIS cluster of its own.")
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start a cluster; prints its postgresql:// URI")
    start.add_argument("--tcp", action="store_true", help="also listen on a free 127.0.0.1 port")
    start.add_argument("--db", default="mitmach", help="database to create with PostGIS ('' for none)")
    sub.add_parser("stop", help="stop the cluster and remove its folder")
    args = parser.parse_args(argv)
    try:
        return _cli_start(args) if args.command == "start" else _cli_stop(args)
    except ClusterError as exc:
        print(f"pg_cluster: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
