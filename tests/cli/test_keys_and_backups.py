"""The command line's passphrase change, recovery, backup, restore and audit check."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers.records import person, write_jsonl


def test_passwd_recover_backup_restore_audit(cli, tmp_path: Path) -> None:
    init = cli.run("init", check=True)
    code = re.search(r"([A-Z0-9]{4}(?:-[A-Z0-9]{4}){5})", init.stdout).group(1)
    cli.run("import", str(write_jsonl(tmp_path / "a.jsonl", [person()])), check=True)
    backup = cli.run("backup", check=True).stdout
    saved = Path(backup.split(": ", 1)[1].strip())
    assert saved.exists() and saved.stat().st_mode & 0o077 == 0

    new = tmp_path / "new.txt"
    new.write_text("a second long passphrase\n")
    cli.run("passwd", "--new-passphrase-file", str(new), check=True)
    assert cli.run("due", "--json").returncode == 1  # the old passphrase no longer opens it
    moved = type(cli)(cli.data_dir, new)
    assert moved.run("audit", "verify", check=True).stdout.startswith("Audit trail intact")

    code_file = tmp_path / "code.txt"
    code_file.write_text(code.lower() + "\n")
    third = tmp_path / "third.txt"
    third.write_text("a third long passphrase\n")
    proc = moved.run("recover", "--recovery-code-file", str(code_file),
                     "--new-passphrase-file", str(third), with_passphrase=False)
    assert proc.returncode == 0 and "new recovery code" in proc.stdout
    new_code = proc.stdout.split("keep it apart from this laptop):")[1].split()[0]
    recovered = type(cli)(cli.data_dir, third)
    # Until the new code is confirmed the old one still works (a kill loses nothing) ...
    typed = tmp_path / "typed.txt"
    typed.write_text(new_code + "\n")
    recovered.run("recovery-code", "confirm", "--recovery-code-file", str(typed), check=True)
    # ... and once it is, the old code is void.
    again = moved.run("recover", "--recovery-code-file", str(code_file),
                      "--new-passphrase-file", str(third), with_passphrase=False)
    assert again.returncode == 1 and "recovery code does not unlock" in again.stderr

    recovered.run("import", str(write_jsonl(tmp_path / "b.jsonl", [person("Y111111", "p2")])),
                  check=True)
    restore = recovered.run("restore", str(saved), check=True)
    assert "Restored 1 records" in restore.stdout and "kept as" in restore.stdout
    listing = recovered.run("export", "--out", str(tmp_path / "e.jsonl"), check=True)
    assert "Exported 1 record" in listing.stdout  # the person imported after the backup is gone
    assert "login" in recovered.run("audit", "list", check=True).stdout


def test_rekey_says_truly_that_the_old_recovery_code_is_void(cli, tmp_path: Path) -> None:
    init = cli.run("init", check=True)
    old_code = re.search(r"([A-Z0-9]{4}(?:-[A-Z0-9]{4}){5})", init.stdout).group(1)
    cli.run("import", str(write_jsonl(tmp_path / "a.jsonl", [person()])), check=True)
    rekeyed = cli.run("rekey", check=True).stdout
    assert "previous recovery code no longer works" in rekeyed
    assert "keeps working" not in rekeyed
    new_code = rekeyed.split("keep it apart from this laptop):")[1].split()[0]
    old_file, new_file = tmp_path / "old.txt", tmp_path / "new.txt"
    old_file.write_text(old_code + "\n")
    new_file.write_text(new_code + "\n")
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("a fresh long passphrase here\n")
    # What the command said is so: the old code opens nothing, the new one (unconfirmed) does.
    refused = cli.run("recover", "--recovery-code-file", str(old_file),
                      "--new-passphrase-file", str(fresh), with_passphrase=False)
    assert refused.returncode == 1 and "recovery code does not unlock" in refused.stderr
    cli.run("recover", "--recovery-code-file", str(new_file), "--new-passphrase-file",
            str(fresh), with_passphrase=False, check=True)
