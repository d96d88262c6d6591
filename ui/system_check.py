"""Before the desktop starts on Linux: are the system libraries Qt's window system needs there?

Qt's xcb platform loads a dozen X libraries that a fresh Debian or Ubuntu machine lacks, and
its own message then names the wrong one. ``make run`` calls this first: it reads what the
platform plugin cannot find, installs the packages with apt when it runs as root, or stops with
the exact command to run. Pure standard library: it must work before Qt can load.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Shared library (as ldd names it) -> the Debian/Ubuntu package that ships it.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin inside the installed PySide6, if there is one."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(list(spec.submodule_search_locations)[0]) / "Qt/plugins/platforms/libqxcb.so"
    return plugin if plugin.exists() else None


def missing_libraries(plugin: Path) -> list[str]:
    """Shared libraries the plugin (and what it loads) cannot find."""
    try:
        out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split()[0] for line in out.splitlines() if "not found" in line})


def packages_for(libraries: list[str]) -> list[str]:
    """The Debian/Ubuntu packages to install (libraries not in the table are named as is)."""
    return sorted({PACKAGES.get(lib, lib) for lib in libraries})


def main() -> int:
    """0 when the desktop can start (installing what is missing where possible), else 1."""
    if not sys.platform.startswith("linux"):
        return 0
    if os.environ.get("QT_QPA_PLATFORM", "xcb").split(":")[0] not in ("xcb", ""):
        return 0  # offscreen, wayland, vnc...: not the xcb plugin
    plugin = xcb_plugin()
    if plugin is None:
        return 0
    missing = missing_libraries(plugin)
    if not missing:
        return 0
    packages = packages_for(missing)
    command = "apt-get install -y --no-install-recommends " + " ".join(packages)
    print(f"The desktop needs system libraries that are not installed: {', '.join(missing)}.")
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(f"Installing them: apt-get update && {command}", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        ok = (subprocess.run(["apt-get", "update", "-q"], env=env).returncode == 0
              and subprocess.run(command.split(), env=env).returncode == 0)
        if ok and not missing_libraries(plugin):
            return 0
        print("The installation did not finish; run the command above by hand.")
        return 1
    if shutil.which("apt-get"):
        print(f"Install them with:\n    sudo apt-get update && sudo {command}")
    else:
        print("Install your distribution's packages that provide them (on Debian or Ubuntu: "
              f"{' '.join(packages)}).")
    return 1


if __name__ == "__main__":
    sys.exit(main())
