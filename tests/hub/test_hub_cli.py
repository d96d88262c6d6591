"""`officer-desk hub`: up, staff, allocate, transfer, status and down through the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import psycopg

from db.hub.server import free_port
from officer_desk.dates import parse_datetime
from officer_desk.exchange import check_file, uk_now
from tests.hub.conftest import PASSWORD


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "officer_desk", "hub", *args],
                          capture_output=True, text=True, timeout=180, env=dict(os.environ))


def test_a_hub_from_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "hub"
    tmp_path.chmod(0o755)
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    port = free_port()
    up = _run("up", "--dir", str(folder), "--port", str(port))
    try:
        assert up.returncode == 0, up.stderr
        dsn = [line for line in up.stdout.splitlines() if line.startswith("dsn: ")]
        assert dsn == [f"dsn: postgresql://127.0.0.1:{port}/officer_desk_hub"]
        for user, grade, team in (("rhian", "PO", "CDF1"), ("dafydd", "PO", "CDF1")):
            added = _run("staff", "add", "--dir", str(folder), "--username", user, "--grade",
                         grade, "--team", team, "--password-file", str(secret))
            assert added.returncode == 0, added.stderr
        assert _run("allocate", "--dir", str(folder), "--crn", "X123456", "--username",
                    "rhian").returncode == 0
        moved = _run("transfer", "--dir", str(folder), "--crn", "X123456", "--to", "dafydd",
                     "--reason", "Rhian moves to the courts team")
        assert "moves from rhian to dafydd" in moved.stdout
        status = _run("status", "--dir", str(folder), "--json")
        facts = json.loads(status.stdout)  # more keys too: tests/hub/test_status.py
        assert (facts["running"], facts["staff"], facts["cases"]) == (True, 2, 1)
        with psycopg.connect(dsn[0][5:], user="od_dafydd", password=PASSWORD) as conn:
            assert conn.execute("SELECT hub.can_see('X123456')").fetchone()[0] is True
        with psycopg.connect(dsn[0][5:], user="od_rhian", password=PASSWORD) as conn:
            assert conn.execute("SELECT hub.can_see('X123456')").fetchone()[0] is False
        # The move is in the hub's outbox as the national domain event.
        events = json.loads(_run("events", "--dir", str(folder), "--json").stdout)
        [moved_event] = [e for e in events
                         if e["eventType"] == "person.community.manager.transferred"]
        assert moved_event["personReference"]["identifiers"] == [{"type": "CRN",
                                                                  "value": "X123456"}]
        assert moved_event["additionalInformation"]["fromStaffCode"] == "RHIAN"
        assert moved_event["additionalInformation"]["reason"] == "Rhian moves to the courts team"
        # Cover: Rhian covers Dafydd's cases until a day; seen by her, ended after it.
        cover = _run("cover", "--dir", str(folder), "--absent", "dafydd", "--cover", "rhian",
                     "--until", "2099-01-31", "--reason", "Annual leave")
        assert cover.returncode == 0 and "rhian covers 1 case(s) of dafydd until 31 Jan 2099" \
            in cover.stdout
        with psycopg.connect(dsn[0][5:], user="od_rhian", password=PASSWORD) as conn:
            assert conn.execute("SELECT hub.can_see('X123456')").fetchone()[0] is True
        past = _run("cover", "--dir", str(folder), "--absent", "dafydd", "--cover", "rhian",
                    "--until", "2020-01-01")
        assert past.returncode == 1 and "Traceback" not in past.stderr
        again = _run("up", "--dir", str(folder))  # already running: says where, changes nothing
        assert again.returncode == 0 and f":{port}/" in again.stdout
        unknown = _run("allocate", "--dir", str(folder), "--crn", "X123456", "--username",
                       "nobody")
        assert unknown.returncode == 1 and "no 'nobody' on the hub" in unknown.stderr
        assert "Traceback" not in unknown.stderr
    finally:
        down = _run("down", "--dir", str(folder))
    assert down.returncode == 0
    stopped = _run("status", "--dir", str(folder))
    assert stopped.returncode == 1 and "not running" in stopped.stdout


def test_a_demo_team_in_one_command(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    folder = tmp_path / "team"
    made = _run("demo", "--dir", str(folder))
    try:
        assert made.returncode == 0, made.stderr
        lines = made.stdout.splitlines()
        assert any("Rhian Evans (PO" in line for line in lines)
        assert any("Sam Hughes (SPO, 40 cases)" in line for line in lines)
        assert any("Alex Pritchard (ACO, 40 cases)" in line for line in lines)
        again = _run("demo", "--dir", str(folder))
        assert again.returncode == 1 and "already holds a demo team" in again.stderr
        env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        status = subprocess.run(
            [sys.executable, "-m", "officer_desk", "sync", "--status", "--json", "--data-dir",
             str(folder / "sam"), "--passphrase-file", str(folder / "sam" / "passphrase.txt")],
            capture_output=True, text=True, timeout=120, env=env)
        assert json.loads(status.stdout)["pending"] == 0
        # Every desk's times are before the team was made: an import of them now is accepted
        # (nothing decided or endorsed ahead of time, no endorsement before its decision), and
        # no Part A shows more than its 24 hours left.
        made_at = uk_now()
        for who in ("rhian", "dafydd"):
            base = [sys.executable, "-m", "officer_desk", "--data-dir", str(folder / who),
                    "--passphrase-file", str(folder / who / "passphrase.txt")]
            out = tmp_path / f"{who}.jsonl"
            subprocess.run([*base, "export", "--out", str(out)], check=True, timeout=120,
                           env=env, capture_output=True)
            checked = check_file(out.read_text(encoding="utf-8").splitlines(), now=made_at)
            assert checked.ok, checked.problems[:5]
            due = json.loads(subprocess.run([*base, "due", "--json", "--all"], check=True,
                                            timeout=120, env=env, capture_output=True,
                                            text=True).stdout)
            for item in due:
                if item["kind"] == "recall_report":
                    assert parse_datetime(item["due"]) - made_at <= timedelta(hours=24), item
        for name in ("passphrase.txt", "hub-password.txt"):
            assert (folder / "rhian" / name).stat().st_mode & 0o077 == 0
    finally:
        _run("down", "--dir", str(folder / "hub"))


def test_a_hub_folder_given_relative_is_kept_absolute(tmp_path: Path, monkeypatch) -> None:
    from db.hub.server import EmbeddedHub

    monkeypatch.chdir(tmp_path)  # `make team-demo` passes a folder relative to the checkout
    hub = EmbeddedHub(Path(".team-demo") / "hub")
    assert hub.folder == tmp_path / ".team-demo" / "hub"
    assert hub.socket_dir.is_absolute()  # the server runs inside its data folder
