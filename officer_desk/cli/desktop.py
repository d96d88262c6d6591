"""Opening the desktop (``officer-desk`` with no command, or ``officer-desk-gui``), and the
process hardening both entry points begin with.

The desktop is loaded only here, so the command line's subcommands never import Qt.
"""

from __future__ import annotations

import argparse

from officer_desk.cli.caseload import _policy, _read_passphrase_file, _root


def _harden() -> None:
    """No core dumps: a crash must not write memory holding the key to disk."""
    from db.key_memory import no_core_dumps

    no_core_dumps()


def _run_gui(args: argparse.Namespace) -> int:
    passphrase = _read_passphrase_file(args.passphrase_file) if args.passphrase_file else None
    early = None
    if passphrase is not None:  # the key derivation first, beside the desktop's imports
        from ui.early_unlock import EarlyUnlock

        early = EarlyUnlock(_root(args), passphrase)
    from ui.app import run_desktop

    return run_desktop(_root(args), passphrase=passphrase, policy=_policy(args), early=early)
