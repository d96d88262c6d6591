"""A full session through the CLI and the desktop; then every file written is scanned.

Only the export and the PDFs (written where the officer chose, outside the data folder) may
hold case content. Everything else the app writes (the caseload, its WAL, backups, the key file,
temporary files, settings) must not contain a name, CRN or note in any common encoding.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.forms.conftest import breach_records
from tests.helpers.records import write_jsonl

NEEDLES = ["Nguyễn", "X123456", "Overslept; no evidence", "Confidential health detail",
           "Ffordd yr Eglwys"]


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def scan(roots: list[Path]) -> tuple[int, list[str]]:
    files, found = 0, []
    for root in roots:
        for path in root.rglob("*"):
            if not path.is_file():
                continue
            files += 1
            data = path.read_bytes()
            for needle in NEEDLES:
                if any(enc in data for enc in _encodings(needle)):
                    found.append(f"{path}: {needle}")
    return files, found


def test_full_session_leaves_no_plaintext(tmp_path: Path) -> None:
    data, home, tmp, out = (tmp_path / n for n in ("data", "home", "tmp", "chosen"))
    for d in (home, tmp, out):
        d.mkdir()
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery staple\n")
    source = write_jsonl(out / "allocation.jsonl", breach_records())
    env = dict(os.environ, HOME=str(home), TMPDIR=str(tmp), XDG_DATA_HOME=str(home / "share"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               QT_QPA_PLATFORM="offscreen")

    def run(*args: str) -> None:
        proc = subprocess.run([sys.executable, "-m", "officer_desk", *args, "--data-dir",
                               str(data), "--passphrase-file", str(secret)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr

    run("init")
    run("import", str(source))
    run("due", "--json", "--on", "2026-11-24")
    run("export", "--out", str(out / "export.jsonl"))
    run("office", "--name", "Rhian Evans")
    run("pack", "breach", "--event", "e1", "--out", str(out / "breach.pdf"), "--on", "2026-11-24")
    run("backup")
    run("audit", "verify")
    # The desktop: open, search, record a contact, lock (which backs up), all under the same env.
    script = (
        "import sys; from pathlib import Path; from datetime import datetime\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from officer_desk.policy import load_policy\n"
        "from officer_desk import services\n"
        "from officer_desk.model import ContactMode\n"
        "from ui.app import make_window\n"
        "app = QApplication([])\n"
        f"w = make_window(Path({str(data)!r}), load_policy(), 'correct horse battery staple')\n"
        "w.show(); app.processEvents()\n"
        "w.caseload.search.setText('Nguy'); app.processEvents()\n"
        "w.controller.run(services.add_contact, 'e1', datetime(2026, 11, 24, 10),"
        " ContactMode.TELEPHONE, 'Confidential health detail again')\n"
        "w.lock_on_close()\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    files, found = scan([data, home, tmp])
    assert files >= 5
    assert found == []
    # The officer's chosen outputs do hold the content (so the scan can see it at all).
    _, chosen = scan([out])
    assert any("export.jsonl" in f for f in chosen)
    print(f"scanned {files} files written by the session: no plaintext")
