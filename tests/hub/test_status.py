"""`officer-desk hub status`: what it says of a running hub, why it cannot connect when it
cannot, its stable JSON keys, the server log's settings and the disk beneath the data folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import psycopg

from db.hub.host_facts import NOT_ENCRYPTED, block_encryption
from db.hub.server import free_port
from officer_desk.cli import main
from officer_desk.cli.hub_operations import STATUS_KEYS, _log_problems

GUIDE = Path(__file__).parents[2] / "docs" / "hub-administrators-guide.md"


def _status(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["hub", "status", *args, "--json"])
    got = capsys.readouterr()
    facts = json.loads(got.out)
    assert list(facts) == list(STATUS_KEYS)  # every key, always, in a stable order
    return code, facts, got.err


def test_status_of_a_running_hub_and_why_it_cannot_connect(hub, capsys, tmp_path) -> None:
    code, facts, _ = _status(capsys, "--dir", str(hub.folder))
    assert code == 0 and facts["running"] is True and facts["state"] == "running"
    assert facts["kind"] == "embedded" and facts["server_supported"] is True
    assert facts["schema_version"] == facts["schema_latest"] >= 7
    assert facts["staff"] >= 4 and facts["cases"] >= 2
    assert facts["connections"] >= 1 and facts["max_connections"] >= facts["connections"]
    assert facts["login_connection_limit"] == 10
    assert facts["data_folder_bytes"] > 10_000_000 and facts["free_bytes"] > 0
    assert facts["database_bytes"] > 0
    assert facts["encrypted_disk"] == block_encryption(hub.pgdata).encrypted
    assert facts["log_statement_text"] is False and facts["log_problems"] == []
    main(["hub", "status", "--dir", str(hub.folder)])
    said = capsys.readouterr().out
    assert said.startswith("The hub is running: ") and "Disk encryption: " in said
    assert "Server log: no statement text." in said

    # By --dsn: a server of its own, its disk unknown to us, no backup recorded on it.
    code, facts, _ = _status(capsys, "--dsn", hub.owner_dsn())
    assert code == 0 and facts["kind"] == "server" and facts["encrypted_disk"] is None
    assert facts["last_backup"] is None and "unknown" in facts["encryption"]

    # Cannot connect: each reason in its own words, never "not running" for a wrong password.
    wrong = f"postgresql://od_alice:not-her-password@127.0.0.1:{hub.port()}/officer_desk_hub"
    code, facts, _ = _status(capsys, "--dsn", wrong)
    assert code == 1 and facts["state"] == "wrong_password"
    assert "user or password is wrong" in facts["message"]
    assert "not-her-password" not in facts["message"]
    nothing = f"postgresql://od_alice:x@127.0.0.1:{free_port()}/officer_desk_hub"
    code, facts, _ = _status(capsys, "--dsn", nothing)
    assert code == 1 and facts["state"] == "not_running" and "nothing listens" in facts["message"]
    code, facts, _ = _status(capsys, "--dsn", "postgresql://od_alice:x@no-such-host.invalid/"
                                              "officer_desk_hub")
    assert code == 1 and facts["state"] == "unreachable"
    code, facts, _ = _status(capsys, "--dir", str(tmp_path / "none"))
    assert code == 1 and facts["state"] == "no_hub" and facts["running"] is False
    main(["hub", "status", "--dsn", wrong])
    assert capsys.readouterr().out.strip().endswith("the user or password is wrong.")


def test_a_log_setting_that_would_keep_statement_text_is_named(hub) -> None:
    with psycopg.connect(hub.owner_dsn()) as conn:
        assert _log_problems(conn) == []
        conn.execute("SET log_min_error_statement = error")
        conn.execute("SET log_min_duration_statement = 0")
        problems = _log_problems(conn)
    assert len(problems) == 2
    assert problems[0].startswith("log_min_error_statement is error")
    assert problems[1].startswith("log_min_duration_statement is 0")


def _device(sys_root: Path, name: str, uuid: str | None = None,
            slaves: tuple[str, ...] = ()) -> Path:
    node = sys_root / "devices" / "virtual" / "block" / name
    node.mkdir(parents=True)
    if uuid is not None:
        (node / "dm").mkdir()
        (node / "dm" / "uuid").write_text(uuid + "\n", encoding="ascii")
    (node / "slaves").mkdir()
    for below in slaves:
        (node / "slaves" / below).symlink_to(node.parent / below)
    return node


def test_the_disk_beneath_the_data_folder_is_found_encrypted_or_said_plainly(tmp_path) -> None:
    """The kernel's answer built from real files: the folder's own st_dev names the device."""
    folder = tmp_path / "pgdata"
    folder.mkdir()
    st = os.stat(folder)
    no_mounts = tmp_path / "mountinfo"
    no_mounts.write_text("", encoding="utf-8")

    def sysfs(name: str, top: str) -> Path:
        root = tmp_path / name
        (root / "dev" / "block").mkdir(parents=True)
        (root / "dev" / "block" / f"{os.major(st.st_dev)}:{os.minor(st.st_dev)}").symlink_to(
            root / "devices" / "virtual" / "block" / top)
        return root

    # LVM on LUKS: the logical volume's device-mapper node sits on a dm-crypt one.
    lvm = sysfs("lvm-on-luks", "dm-1")
    _device(lvm, "dm-0", "CRYPT-LUKS2-0a1b2c-luks")
    _device(lvm, "dm-1", "LVM-abcdef", slaves=("dm-0",))
    found = block_encryption(folder, sys_root=lvm, mountinfo=no_mounts)
    assert found.encrypted is True and "encrypted block device" in found.detail

    # The same volume group straight on a disk: said plainly.
    plain = sysfs("lvm-on-disk", "dm-1")
    _device(plain, "sda")
    _device(plain, "dm-1", "LVM-abcdef", slaves=("sda",))
    found = block_encryption(folder, sys_root=plain, mountinfo=no_mounts)
    assert found.encrypted is False and found.detail == NOT_ENCRYPTED

    # No block device to see (an overlay or network file system): unknown, never "encrypted".
    found = block_encryption(folder, sys_root=tmp_path / "empty", mountinfo=no_mounts)
    assert found.encrypted is None and found.detail.startswith("unknown")


def test_every_status_key_is_in_the_guide() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for key in STATUS_KEYS:
        assert f"`{key}`" in guide, key
