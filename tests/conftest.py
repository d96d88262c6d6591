"""Shared fixtures: headless Qt, an in-memory keyring, real encrypted caseloads on disk."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import keyring  # noqa: E402
import pytest  # noqa: E402

from tests.helpers.fakes import FAST_KDF, MemoryKeyring  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _temporary_folders_passable(tmp_path_factory) -> None:
    """Run as root, a hub's PostgreSQL runs as a system user of its own, which must pass through
    the folders above a test's hub (the hub never opens them itself): the tests open their own
    temporary folders to be passed through, never listed."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    base = tmp_path_factory.getbasetemp()
    for folder in (base.parent, base) if base.parent.name.startswith("pytest-of-") else (base,):
        folder.chmod(folder.stat().st_mode | 0o011)


@pytest.fixture(autouse=True)
def _test_folder_passable(request) -> None:
    if "tmp_path" in request.fixturenames and hasattr(os, "geteuid") and os.geteuid() == 0:
        folder = request.getfixturevalue("tmp_path")
        folder.chmod(folder.stat().st_mode | 0o011)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Nothing touches a real keychain: a real keyring backend object kept in memory."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def passphrase() -> str:
    return "correct horse battery staple"


@pytest.fixture
def opened(tmp_path: Path, passphrase: str):
    """A new, empty, real SQLCipher caseload on disk, unlocked."""
    from db import caseload_file

    caseload, _code = caseload_file.create(tmp_path / "caseload", passphrase, cost=FAST_KDF,
                                           recovery_cost=FAST_KDF)
    yield caseload
    caseload.lock()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use a Qt application are marked gui, so `-m "not gui"` runs the core."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()) or "qapp" in getattr(
                item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
