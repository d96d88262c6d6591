"""After lock, the caseload key is nowhere in the desktop process's memory (raw or hex)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from db import caseload_file, keystore
from tests.helpers.fakes import FAST_KDF

PASSPHRASE = "correct horse battery staple"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _memory(pid: int) -> bytes:
    chunks = []
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            span, perms = line.split()[:2]
            if "r" not in perms or line.rstrip().endswith(("[vvar]", "[vsyscall]")):
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            try:
                mem.seek(start)
                chunks.append(mem.read(end - start))
            except (OSError, ValueError, OverflowError):
                continue
    return b"\0".join(chunks)


def _forms(key: bytes) -> dict[str, bytes]:
    return {"raw": key, "hex": key.hex().encode(), "HEX": key.hex().upper().encode(),
            "hex (UTF-32)": key.hex().encode("utf-32-le"),
            "hex (UTF-16)": key.hex().encode("utf-16-le")}


def test_key_gone_from_memory_after_lock(tmp_path: Path, monkeypatch) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    root = tmp_path / "c"
    opened, _ = caseload_file.create(root, PASSPHRASE, cost=FAST_KDF, recovery_cost=FAST_KDF)
    opened.lock()
    key = bytes(keystore.unlock(keystore.KeyFile.read(root / "keys.json"), PASSPHRASE))
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen([sys.executable, "-m", "tests.helpers.memory_child", str(root),
                              PASSPHRASE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "unlocked"
        unlocked = _memory(child.pid)
        # The scan can find it: while unlocked the key is there (SQLCipher needs it).
        assert key in unlocked
        child.stdin.write("lock\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "locked"
        locked = _memory(child.pid)
        found = {name: [m.start() for m in re.finditer(re.escape(form), locked)]
                 for name, form in _forms(key).items()}
        assert not any(found.values()), found
    finally:
        child.kill()
        child.communicate()


def test_the_cli_disables_core_dumps(tmp_path: Path) -> None:
    probe = ("import resource, officer_desk.cli as c; c._harden(); "
             "print(resource.getrlimit(resource.RLIMIT_CORE))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "(0, 0)"
