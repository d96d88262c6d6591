"""The hub across a network: `hub up --listen` serves another address TLS only, behind the
hub's own CA; a laptop links with that CA and checks the hub's certificate and name before a
password leaves it; plain connections, other CAs and unsafe addresses are refused in words."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from db.hub import tls
from db.hub.server import free_port
from tests.hub.conftest import PASSWORD
from tests.hub.test_hub_cli import _run
from tests.hub.test_sync_cli import Cli


def _address() -> str:
    """This machine's address on its network (not loopback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent: the route names the address
        except OSError:
            pytest.skip("this machine has no network address but loopback")
        address = s.getsockname()[0]
    if address.startswith("127."):
        pytest.skip("this machine has no network address but loopback")
    return address


def test_a_hub_served_across_the_network_is_reached_only_over_checked_tls(tmp_path: Path) -> None:
    address = _address()
    tmp_path.chmod(0o755)
    folder, port = tmp_path / "hub", free_port()
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    up = _run("up", "--dir", str(folder), "--port", str(port), "--listen", address)
    try:
        assert up.returncode == 0, up.stderr
        dsn = f"postgresql://{address}:{port}/officer_desk_hub"
        ca = folder / "ca.pem"
        assert f"dsn: {dsn}" in up.stdout.splitlines()
        assert f"ca: {ca} ({tls.fingerprint(ca.read_bytes())})" in up.stdout.splitlines()
        assert _run("staff", "add", "--dir", str(folder), "--username", "nerys", "--grade", "PO",
                    "--team", "CDF1", "--password-file", str(secret)).returncode == 0
        assert _run("allocate", "--dir", str(folder), "--crn", "N123456", "--username",
                    "nerys").returncode == 0

        # Plain connections to the network address are refused before any password.
        with pytest.raises(psycopg.OperationalError, match="accepts only TLS"):
            psycopg.connect(dsn, user="od_nerys", password=PASSWORD, sslmode="disable")
        # With the hub's CA and the address checked, the officer's own login works, over TLS.
        with psycopg.connect(dsn, user="od_nerys", password=PASSWORD, sslmode="verify-full",
                             sslrootcert=str(ca)) as conn:
            assert conn.pgconn.ssl_in_use
            assert conn.execute("SELECT current_user").fetchone()[0] == "od_nerys"

        laptop_secret = tmp_path / "passphrase.txt"
        laptop_secret.write_text("laptop passphrase for the tests\n", encoding="utf-8")
        laptop = Cli(tmp_path / "nerys", laptop_secret)
        assert laptop.run("init").returncode == 0
        for extra, words in (([], "give the hub's CA file"),
                             (["--ca-file", str(secret)], "not a certificate"),
                             (["--hub", dsn + "?sslmode=require", "--ca-file", str(ca)],
                              "would not check"),
                             (["--hub", f"postgresql://od_nerys:{quote(PASSWORD)}@{address}:{port}/"
                                        "officer_desk_hub", "--ca-file", str(ca)],
                              "Leave the password out")):
            hub = [] if "--hub" in extra else ["--hub", dsn]
            refused = laptop.run("sync", *hub, "--username", "nerys", "--password-file",
                                 str(secret), *extra)
            assert refused.returncode == 1 and words in refused.stderr, refused.stderr
            assert "Traceback" not in refused.stderr
        first = laptop.run("sync", "--hub", dsn, "--username", "nerys", "--password-file",
                           str(secret), "--ca-file", str(ca))
        assert first.returncode == 0 and "Synced" in first.stdout, first.stderr
        again = laptop.run("sync")  # the CA is kept inside the caseload
        assert again.returncode == 0, again.stderr

        # A hub whose certificate another CA signed (or a changed one) is refused in words.
        other_ca, _ = tls.make_ca("Somebody else's CA")
        (tmp_path / "other-ca.pem").write_bytes(other_ca)
        stranger = Cli(tmp_path / "stranger", laptop_secret)
        assert stranger.run("init").returncode == 0
        refused = stranger.run("sync", "--hub", dsn, "--username", "nerys", "--password-file",
                               str(secret), "--ca-file", str(tmp_path / "other-ca.pem"))
        assert refused.returncode == 1 and "not signed by the CA" in refused.stderr
        assert tls.fingerprint(other_ca) in refused.stderr and "Traceback" not in refused.stderr
    finally:
        _run("down", "--dir", str(folder))
    with pytest.raises(OSError):  # the network side is closed with the hub
        socket.create_connection((address, port), timeout=2).close()
