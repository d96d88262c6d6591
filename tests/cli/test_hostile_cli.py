"""The command line under the ways it is really misused: two at once, a reader that goes away."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers.records import appt, event, person, write_jsonl


def _file(path, prefix: str, n: int):
    records = []
    for i in range(n):
        crn = f"{prefix}{i:06d}"
        records += [person(crn, f"p-{crn}"), event(f"e-{crn}", crn, allocation_date="2026-11-02"),
                    appt(f"a-{crn}", "2026-11-05T10:00", event_id=f"e-{crn}")]
    return write_jsonl(path, records)


def test_two_imports_into_an_empty_caseload_at_once(initialised, tmp_path) -> None:
    first = _file(tmp_path / "a.jsonl", "A", 3000)
    second = _file(tmp_path / "b.jsonl", "B", 3000)
    cli = initialised
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    procs = [subprocess.Popen([sys.executable, "-m", "officer_desk", "import", str(f),
                               "--data-dir", str(cli.data_dir), "--passphrase-file",
                               str(cli.passphrase_file)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
             for f in (first, second)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        results.append((p.returncode, out, err))
    for code, _out, err in results:
        assert "Traceback" not in err
        assert code in (0, 1), err
        if code == 1:
            assert "in use" in err
    people = cli.run("export", "--out", str(tmp_path / "out.jsonl"), check=True)
    assert people.returncode == 0
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    imported = sum(1 for code, _, _ in results if code == 0)
    assert len(lines) == 1 + 9000 * imported  # each import whole, none half, none mixed


def test_due_piped_into_a_reader_that_stops(initialised) -> None:
    cli = initialised
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    read, write = os.pipe()
    os.close(read)  # the reader has gone before anything is written (like `| head -0`)
    proc = subprocess.run([sys.executable, "-m", "officer_desk", "due", "--data-dir",
                           str(cli.data_dir), "--passphrase-file", str(cli.passphrase_file)],
                          stdout=write, stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    os.close(write)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr
