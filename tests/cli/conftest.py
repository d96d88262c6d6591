"""Run the real command line in a subprocess, as the central system's scripts would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass
class Cli:
    data_dir: Path
    passphrase_file: Path

    def run(self, *args: str, check: bool = False, stdin: str | None = None,
            with_passphrase: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "officer_desk", *args, "--data-dir", str(self.data_dir)]
        if with_passphrase:
            cmd += ["--passphrase-file", str(self.passphrase_file)]
        env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, input=stdin,
                              timeout=120)
        if check and proc.returncode != 0:
            raise AssertionError(f"{args} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def due(self, on: str, *extra: str) -> list[dict[str, Any]]:
        out = self.run("due", "--json", "--on", on, *extra, check=True).stdout
        return json.loads(out)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse battery staple\n", encoding="utf-8")
    return Cli(tmp_path / "data", secret)


@pytest.fixture
def initialised(cli: Cli) -> Cli:
    cli.run("init", check=True)
    return cli
