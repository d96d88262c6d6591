"""A hub installed and run by a managed server's administrator: CREATEROLE and CREATEDB, no
superuser, no BYPASSRLS (as RDS, Azure Flexible Server and Cloud SQL give), through the
administrator's commands; a second hub on the same server that no one of the first can reach."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest

from db.hub.server import EmbeddedHub, free_port
from officer_desk import services
from officer_desk.cli import main
from officer_desk.errors import UserFacingError
from officer_desk.model import ContactMode
from tests.hub.conftest import PASSWORD, Laptop
from tests.hub.test_attacks import _lint_0011, _lint_0024


def _dsn(hub, user: str, database: str) -> str:
    return f"postgresql://{user}@127.0.0.1:{hub.port()}/{database}"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[EmbeddedHub]:
    """A server of the test's own: the group roles are made by its administrator, as on a new
    managed service."""
    folder = tmp_path_factory.mktemp("managed-server")
    folder.chmod(0o755)  # the server runs as its own system user when the tests run as root
    hub = EmbeddedHub(folder)
    hub.init(free_port())
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


@pytest.fixture(scope="module")
def managed(server, tmp_path_factory):
    """A login like a managed service's administrator, owning two hub databases of its own."""
    folder = tmp_path_factory.mktemp("managed")
    name, password = "dba", "the administrators own password"
    with psycopg.connect(server.owner_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN CREATEROLE CREATEDB NOBYPASSRLS "
                     f"PASSWORD '{password}'")
        conn.execute(f"CREATE ROLE {name}_weak LOGIN CREATEDB NOBYPASSRLS "
                     f"PASSWORD '{password}'")
    passfile = folder / "pgpass"
    passfile.write_text(f"127.0.0.1:{server.port()}:*:{name}:{password}\n"
                        f"127.0.0.1:{server.port()}:*:{name}_weak:{password}\n",
                        encoding="utf-8")
    passfile.chmod(0o600)
    with psycopg.connect(_dsn(server, name, "postgres"), passfile=str(passfile),
                         autocommit=True) as conn:
        conn.execute("CREATE DATABASE team_one")
        conn.execute("CREATE DATABASE team_two")
    with psycopg.connect(_dsn(server, f"{name}_weak", "postgres"), passfile=str(passfile),
                         autocommit=True) as conn:
        conn.execute("CREATE DATABASE team_weak")
    return SimpleNamespace(name=name, database="team_two", passfile=passfile, folder=folder,
                           dsn=_dsn(server, name, "team_two"),
                           first=_dsn(server, name, "team_one"))


def _run(monkeypatch, managed, *argv: str) -> int:
    monkeypatch.setenv("PGPASSFILE", str(managed.passfile))
    return main(list(argv))


def test_a_managed_administrator_installs_and_runs_a_hub_of_its_own(server, managed, monkeypatch,
                                                                    tmp_path, capsys) -> None:
    with psycopg.connect(server.owner_dsn("postgres")) as conn:
        assert conn.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s",
                            [managed.name]).fetchone() == (False,)
    for dsn in (managed.first, managed.dsn):
        assert _run(monkeypatch, managed, "hub", "migrate", "--dsn", dsn) == 0
        assert "Applied 8 migration(s)" in capsys.readouterr().out

    # Nothing of the hub belongs to the administrator's own login (a function it owned would
    # run with its rights), and the database is closed to PUBLIC.
    with psycopg.connect(server.owner_dsn(managed.database)) as conn:
        owners = {r[0] for r in conn.execute(
            "SELECT DISTINCT proowner::regrole::text FROM pg_proc "
            "WHERE pronamespace = 'hub'::regnamespace UNION SELECT DISTINCT "
            "relowner::regrole::text FROM pg_class WHERE relnamespace = 'hub'::regnamespace")}
        assert owners <= {"officer_desk_owner", "officer_desk_writer"}
        assert _lint_0011(conn) == [] and _lint_0024(conn) == []
        assert all(owner == "officer_desk_writer" and not public for owner, public in conn.execute(
            "SELECT pg_get_userbyid(proowner), has_function_privilege('public', oid, 'EXECUTE') "
            "FROM pg_proc WHERE pronamespace = 'hub'::regnamespace AND prosecdef"))
        assert not conn.execute("SELECT has_database_privilege('public', %s, 'CONNECT')",
                                [managed.database]).fetchone()[0]

    password_file = tmp_path / "pw"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    # alice is on both hubs: each names her login after itself.
    for dsn, username, grade in ((managed.first, "alice", "PO"), (managed.dsn, "alice", "PO"),
                                 (managed.dsn, "sam", "SPO")):
        assert _run(monkeypatch, managed, "hub", "staff", "add", "--dsn", dsn,
                    "--username", username, "--grade", grade, "--team", "CDF1",
                    "--password-file", str(password_file)) == 0
    out = capsys.readouterr().out
    assert "od_team_one_alice" in out and "od_team_two_alice" in out
    assert _run(monkeypatch, managed, "hub", "allocate", "--dsn", managed.dsn, "--crn",
                "M333333", "--username", "alice") == 0
    assert _run(monkeypatch, managed, "hub", "staff", "list", "--dsn", managed.dsn) == 0
    listed = capsys.readouterr().out
    assert "alice" in listed and "sam" in listed

    # The password reached the server as a SCRAM verifier only: not stored, not in its log.
    with psycopg.connect(server.owner_dsn("postgres")) as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s",
                              ["od_team_two_alice"]).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$4096:")
    logs = "".join(p.read_text(errors="replace") for p in Path(server.folder).rglob("*")
                   if p.is_file() and p.suffix in (".log", ".csv", ""))
    assert PASSWORD not in logs

    # Her laptop works against the second hub as her login there.
    laptop = Laptop(tmp_path / "alice", SimpleNamespace(
        dsn=lambda: f"postgresql://127.0.0.1:{server.port()}/{managed.database}"), "alice")
    assert laptop.sync().granted == ["M333333"]
    services.import_lines(laptop.store, [
        '{"type": "header", "format": "officer-desk-exchange", "schema_version": 1}',
        '{"type": "person", "id": "p-m", "crn": "M333333", "given_name": "Łukasz", '
        '"family_name": "Żółć"}',
        '{"type": "event", "id": "ev-m", "crn": "M333333", "kind": "community_order"}'], "test")
    services.add_contact(laptop.store, "ev-m", datetime(2026, 11, 24, 10, 0),
                         ContactMode.TELEPHONE, "Phoned about work")
    assert laptop.sync().applied == 3

    # The first hub's alice cannot reach the second hub at all, nor its staff list.
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        psycopg.connect(_dsn(server, "od_team_one_alice", managed.database),
                        password=PASSWORD).close()

    # A leaver: refused while she holds a case; then her login stops at once.
    assert _run(monkeypatch, managed, "hub", "staff", "remove", "--dsn", managed.dsn,
                "--username", "alice") == 1
    assert "still holds or covers M333333" in capsys.readouterr().err
    live = psycopg.connect(_dsn(server, "od_team_two_alice", managed.database),
                           password=PASSWORD, autocommit=True)
    assert live.execute("SELECT count(*) FROM hub.records").fetchone()[0] >= 3
    assert _run(monkeypatch, managed, "hub", "transfer", "--dsn", managed.dsn, "--crn",
                "M333333", "--to", "sam") == 0
    assert _run(monkeypatch, managed, "hub", "staff", "remove", "--dsn", managed.dsn,
                "--username", "alice") == 0
    assert "alice has left the hub" in capsys.readouterr().out
    try:  # her open session was ended, or sees nothing from now on
        seen = live.execute("SELECT count(*) FROM hub.records").fetchone()[0]
    except psycopg.OperationalError:
        seen = 0
    finally:
        live.close()
    assert seen == 0
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(_dsn(server, "od_team_two_alice", managed.database),
                        password=PASSWORD).close()
    with pytest.raises(UserFacingError):
        laptop.sync()
    laptop.opened.lock()
    assert _run(monkeypatch, managed, "hub", "allocate", "--dsn", managed.dsn, "--crn",
                "M444444", "--username", "alice") == 1
    assert "alice has left" in capsys.readouterr().err


def test_a_migration_that_fails_leaves_nothing_half_made(server, managed, monkeypatch,
                                                        capsys) -> None:
    weak = _dsn(server, f"{managed.name}_weak", "team_weak")
    with psycopg.connect(server.owner_dsn("postgres"), autocommit=True) as conn:
        roles_before = conn.execute("SELECT count(*) FROM pg_roles").fetchone()[0]
    assert _run(monkeypatch, managed, "hub", "migrate", "--dsn", weak) == 1
    err = capsys.readouterr().err
    assert "was not changed" in err and "Traceback" not in err
    with psycopg.connect(server.owner_dsn("team_weak")) as conn:
        assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'hub'"
                            ).fetchone()[0] == 0
        assert conn.execute("SELECT to_regclass('public.hub_migrations')").fetchone()[0] is None
        assert conn.execute("SELECT count(*) FROM pg_roles").fetchone()[0] == roles_before


def test_a_password_in_the_dsn_is_refused_before_anything_is_done(managed, monkeypatch,
                                                                  capsys) -> None:
    with_password = managed.dsn.replace(f"{managed.name}@", f"{managed.name}:secret@")
    assert _run(monkeypatch, managed, "hub", "staff", "list", "--dsn", with_password) == 1
    assert "PGPASSFILE" in capsys.readouterr().err


def test_a_managed_administrator_backs_up_and_restores_its_hub(server, managed, monkeypatch,
                                                               tmp_path, capsys) -> None:
    if _run(monkeypatch, managed, "hub", "staff", "list", "--dsn", managed.first) != 0:
        pytest.skip("the first test made the hubs")
    capsys.readouterr()
    secret = tmp_path / "backup.txt"
    secret.write_text("a backup password long enough\n", encoding="utf-8")
    sealed = tmp_path / "team_one.backup"
    assert _run(monkeypatch, managed, "hub", "backup", "--dsn", managed.first, "--out",
                str(sealed), "--password-file", str(secret)) == 0, capsys.readouterr().err
    capsys.readouterr()
    with psycopg.connect(_dsn(server, managed.name, "postgres"), passfile=str(managed.passfile),
                         autocommit=True) as conn:
        conn.execute("DROP DATABASE team_one")
        conn.execute("CREATE DATABASE team_one")
    assert _run(monkeypatch, managed, "hub", "restore", "--dsn", managed.first, "--file",
                str(sealed), "--password-file", str(secret)) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert _run(monkeypatch, managed, "hub", "staff", "list", "--dsn", managed.first) == 0
    assert "alice" in capsys.readouterr().out
    with psycopg.connect(_dsn(server, "od_team_one_alice", "team_one"),
                         password=PASSWORD) as conn:  # her login and password work as before
        assert conn.execute("SELECT username FROM hub.staff WHERE login_role = current_user"
                            ).fetchone() == ("alice",)
    # The backup held this hub's logins only: never the other hub's, nor the administrator's.
    from db.hub.backup import read_manifest

    names = {r["name"] for r in read_manifest(sealed, "a backup password long enough")["roles"]}
    assert "od_team_one_alice" in names
    assert not any(n.startswith("od_team_two_") for n in names) and managed.name not in names
