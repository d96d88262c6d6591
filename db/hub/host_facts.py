"""What the machine says about the hub's data folder: its size, the space left, and whether it
sits on an encrypted block device.

PostgreSQL keeps the team's personal data in clear in its files, so the disk's own encryption
is the control (team-hub.md, operations): ``hub status`` must say plainly when there is none.
On Linux the folder's device is found from its ``st_dev`` in ``/sys/dev/block``; a
device-mapper device whose ``dm/uuid`` begins ``CRYPT-`` is dm-crypt (LUKS or plain), found
directly or beneath LVM, RAID or a partition by walking ``slaves/``. Anything this cannot see
through (another system, a network or overlay file system) is "unknown", never "encrypted".
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

NOT_ENCRYPTED = ("personal data in the hub's files is in clear on an unencrypted disk: put the "
                 "data folder on an encrypted volume")


@dataclass(frozen=True)
class Encryption:
    """Whether a folder's block device is encrypted: True, False, or None for unknown."""

    encrypted: bool | None
    detail: str


def folder_size(folder: Path) -> int:
    """Bytes the files under ``folder`` take (what is readable; a file gone mid-walk is 0)."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def free_space(folder: Path) -> int | None:
    """Bytes free to an unprivileged writer on the folder's file system."""
    try:
        return int(shutil.disk_usage(folder).free)
    except OSError:
        return None


def _crypt_below(device: Path, seen: set[Path]) -> bool | None:
    """dm-crypt at or beneath this sysfs block device: True, False, or None where unreadable."""
    device = device.resolve()
    if device in seen:
        return False
    seen.add(device)
    try:
        uuid = (device / "dm" / "uuid").read_text(encoding="ascii").strip()
    except FileNotFoundError:
        uuid = ""
    except OSError:
        return None
    if uuid.startswith("CRYPT-"):
        return True
    below = sorted((device / "slaves").iterdir()) if (device / "slaves").is_dir() else []
    if not below and (device / "partition").exists():
        below = [device.parent]  # a partition: the whole disk it is cut from
    answers = [_crypt_below(p, seen) for p in below]
    if answers and all(a is True for a in answers):
        return True
    if any(a is None for a in answers):
        return None
    return False


def _mount_source(path: Path, mountinfo: Path) -> tuple[str, str] | None:
    """The file system type and source of the mount holding ``path`` (the longest mount
    point above it), from /proc/self/mountinfo."""
    try:
        lines = mountinfo.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    best: tuple[int, str, str] | None = None
    target = str(path)
    for line in lines:
        left, _, right = line.partition(" - ")
        fields, rest = left.split(), right.split()
        if len(fields) < 5 or len(rest) < 2:
            continue
        point = fields[4].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), rest[0], rest[1])
    return (best[1], best[2]) if best else None


def block_encryption(folder: Path, sys_root: Path = Path("/sys"),
                     mountinfo: Path = Path("/proc/self/mountinfo")) -> Encryption:
    """Is ``folder`` on an encrypted block device? (``sys_root`` and ``mountinfo`` are
    parameters so that a test can build the kernel's answer from real files.)"""
    folder = Path(folder)
    try:
        st = os.stat(folder)
    except OSError as exc:
        return Encryption(None, f"unknown: the data folder cannot be examined "
                                f"({exc.strerror or exc})")
    devices = [(os.major(st.st_dev), os.minor(st.st_dev))]
    mount = _mount_source(folder.resolve(), mountinfo)
    if mount is not None and mount[1].startswith("/dev/"):
        # btrfs and others give an anonymous st_dev: the mount's source names the device.
        try:
            rdev = os.stat(mount[1]).st_rdev
            devices.append((os.major(rdev), os.minor(rdev)))
        except OSError:
            pass
    for major, minor in devices:
        node = sys_root / "dev" / "block" / f"{major}:{minor}"
        if not node.exists():
            continue
        found = _crypt_below(node, set())
        if found is True:
            return Encryption(True, "the data folder is on an encrypted block device "
                                    "(dm-crypt)")
        if found is False:
            return Encryption(False, NOT_ENCRYPTED)
        return Encryption(None, "unknown: the device beneath the data folder cannot be read")
    kind = mount[0] if mount else "unknown"
    return Encryption(None, f"unknown: the data folder is on a {kind} file system with no "
                            "block device this machine shows; check the host's disk "
                            "encryption")
