"""`officer-desk sync`, `sync --status --json`, `conflicts --json`, `resolve` on a real caseload."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.records import write_jsonl
from tests.hub.conftest import PASSWORD


class Cli:
    def __init__(self, root: Path, secret: Path) -> None:
        self.root, self.secret = root, secret

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        return subprocess.run([sys.executable, "-m", "officer_desk", *args, "--data-dir",
                               str(self.root), "--passphrase-file", str(self.secret)],
                              capture_output=True, text=True, timeout=180, env=env)


def test_sync_from_the_command_line(hub, tmp_path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text("laptop passphrase for the tests\n", encoding="utf-8")
    password = tmp_path / "hub.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    cli = Cli(tmp_path / "alice", secret)
    assert cli.run("init").returncode == 0

    offline = cli.run("sync")  # not linked yet: says how
    assert offline.returncode == 1 and "--hub, --username and --password-file" in offline.stderr

    first = cli.run("sync", "--hub", hub.dsn(), "--username", "alice", "--password-file",
                    str(password))
    assert first.returncode == 0, first.stderr
    assert "Synced:" in first.stdout and "X111111" in first.stdout
    state = json.loads(cli.run("sync", "--status", "--json").stdout)
    assert set(state) == {"pending", "last_sync", "conflicts"}
    assert state["pending"] == 0 and state["last_sync"].startswith("20")
    listed = json.loads(cli.run("conflicts", "--json").stdout)  # the team's open ones
    assert len(listed) == state["conflicts"]
    for conflict in listed:
        assert set(conflict) == {"id", "crn", "record_type", "record_id", "field", "mine",
                                 "theirs", "base"}

    cli.run("import", str(write_jsonl(tmp_path / "ev.jsonl", [
        {"type": "event", "id": "ev-cli", "crn": "X111111", "kind": "licence"}])))
    assert json.loads(cli.run("sync", "--status", "--json").stdout)["pending"] >= 1
    again = cli.run("sync")  # later calls need no hub options
    assert again.returncode == 0 and "sent 1 change(s)" in again.stdout
    for path in (tmp_path / "alice").rglob("*"):  # the hub password is nowhere as typed
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    missing = cli.run("resolve", "999999", "--keep", "mine")
    assert missing.returncode == 1 and "no open conflict 999999" in missing.stderr
