"""`make run` on a fresh machine: the missing X libraries are named, installed or explained."""

from __future__ import annotations

from pathlib import Path

from ui import system_check


def test_missing_libraries_map_to_the_packages_to_install() -> None:
    assert system_check.packages_for(["libxcb-icccm.so.4", "libxcb-keysyms.so.1",
                                      "libxcb-icccm.so.4"]) == ["libxcb-icccm4",
                                                                "libxcb-keysyms1"]
    assert system_check.packages_for(["libunknown.so.9"]) == ["libunknown.so.9"]


def test_not_root_stops_with_the_exact_command(monkeypatch, capsys) -> None:
    monkeypatch.setattr(system_check.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(system_check, "xcb_plugin", lambda: Path("/x/libqxcb.so"))
    monkeypatch.setattr(system_check, "missing_libraries",
                        lambda _p: ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    monkeypatch.setattr(system_check.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(system_check.shutil, "which", lambda name: "/usr/bin/" + name)
    assert system_check.main() == 1
    out = capsys.readouterr().out
    assert "libxcb-icccm.so.4" in out
    assert ("sudo apt-get install -y --no-install-recommends libxcb-icccm4 libxcb-keysyms1"
            in out)


def test_offscreen_and_a_complete_machine_pass(monkeypatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert system_check.main() == 0
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(system_check, "missing_libraries", lambda _p: [])
    assert system_check.main() == 0


def test_the_real_plugin_is_read_with_ldd() -> None:
    plugin = system_check.xcb_plugin()
    if plugin is not None:  # the list is whatever this machine lacks; reading it must work
        assert isinstance(system_check.missing_libraries(plugin), list)
