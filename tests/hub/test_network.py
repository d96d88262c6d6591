"""The hub across a network: `hub up --listen` serves another address TLS only, behind the
hub's own CA; a laptop links with that CA and checks the hub's certificate and name before a
password leaves it; plain connections, other CAs and unsafe addresses are refused in words; a
whole team works over it (link, sync, conflict, countersignature)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from db import caseload_file
from db.hub import casework, tls
from db.hub import sync as engine
from db.hub.server import free_port
from officer_desk import services
from officer_desk.errors import UserFacingError
from tests.helpers.fakes import FAST_KDF
from tests.helpers.records import HEADER, recall_records
from tests.hub.conftest import KEYRING_PASSPHRASE, PASSWORD, Laptop, connected
from tests.hub.test_hub_cli import _run
from tests.hub.test_sync_cli import Cli


def _address() -> str:
    """A second loopback address: served and reached exactly as a network address is (TLS only,
    certificate and name checked), on any Linux machine, with or without a network."""
    return "127.0.0.2"


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

        # The server's own databases are no officer's: no temporary tables or large objects
        # kept there (one in template1 would be copied into every database made later).
        for system in ("postgres", "template1"):
            with pytest.raises(psycopg.OperationalError, match="permission denied"):
                psycopg.connect(f"postgresql://127.0.0.1:{port}/{system}", user="od_nerys",
                                password=PASSWORD).close()
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


SPO_WHY = "Whereabouts unknown and the former partner at risk: recall agreed."
ACO_WHY = "Risk cannot be managed in the community; authorised."


class TlsLaptop(Laptop):
    """A laptop linked to the hub's network address, trusting the CA its administrator gave."""

    def __init__(self, root: Path, dsn: str, username: str, ca: bytes) -> None:
        self.opened, _ = caseload_file.create(root, KEYRING_PASSPHRASE, cost=FAST_KDF,
                                              recovery_cost=FAST_KDF)
        self.store = self.opened.store
        engine.link(self.store, self.opened.key, dsn, username, PASSWORD, ca_pem=ca)


def test_a_team_works_over_checked_tls(tmp_path: Path) -> None:
    address = _address()
    tmp_path.chmod(0o755)
    folder, port = tmp_path / "hub", free_port()
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    assert _run("up", "--dir", str(folder), "--port", str(port), "--listen",
                address).returncode == 0
    laptops: list[Laptop] = []
    try:
        for username, grade in (("nerys", "PO"), ("seren", "SPO"), ("aled", "ACO")):
            assert _run("staff", "add", "--dir", str(folder), "--username", username,
                        "--grade", grade, "--team", "TLS1", "--password-file",
                        str(secret)).returncode == 0
        assert _run("allocate", "--dir", str(folder), "--crn", "N200001", "--username",
                    "nerys").returncode == 0
        dsn, ca = f"postgresql://{address}:{port}/officer_desk_hub", (folder / "ca.pem").read_bytes()
        nerys, seren, aled = (TlsLaptop(tmp_path / u, dsn, u, ca) for u in ("nerys", "seren",
                                                                              "aled"))
        laptops += [nerys, seren, aled]
        with connected(nerys) as conn:
            assert conn.pgconn.ssl_in_use and conn.info.host == address

        # Link and sync: the officer's work reaches her SPO's desk.
        services.import_lines(nerys.store, [json.dumps(HEADER)] + [
            json.dumps(r) for r in recall_records("N200001", "tn-")], "test")
        assert nerys.sync().applied >= 3
        assert seren.sync().granted == ["N200001"]

        # Both change the same field offline: one conflict, nothing overwritten, then decided.
        for laptop, words in ((seren, "Polish (an interpreter booked)"),
                              (nerys, "Polish and some English")):
            laptop.store.save([dict(laptop.record("person", "tn-p1"),
                                    preferred_language=words)])
        seren.sync()
        assert nerys.sync().conflicts == 1
        [conflict] = nerys.store.setting(engine.CONFLICTS)
        assert conflict["mine"] == "Polish and some English"
        with connected(nerys) as conn:
            engine.resolve(nerys.store, conn, conflict["id"], "theirs")
        nerys.sync()
        assert nerys.record("person", "tn-p1")["preferred_language"].startswith("Polish (an")

        # The recall is asked for, countersigned by the SPO then the ACO, over the same TLS.
        with connected(nerys) as conn:
            asked = casework.request(nerys.store, conn, "tn-e1")
        seren.sync()
        with connected(seren) as conn:
            casework.sign(seren.store, conn, asked.id, SPO_WHY)
        aled.sync()
        with connected(aled) as conn:
            done = casework.sign(aled.store, conn, asked.id, ACO_WHY)
        assert done.status == "RECALL_DECIDED"

        # A plain connection to the address is refused; a laptop trusting another CA too.
        with pytest.raises(psycopg.OperationalError, match="accepts only TLS"):
            psycopg.connect(dsn, user="od_nerys", password=PASSWORD, sslmode="disable")
        other_ca, _ = tls.make_ca("Somebody else's CA")
        stranger = TlsLaptop(tmp_path / "stranger", dsn, "nerys", other_ca)
        laptops.append(stranger)
        with pytest.raises(UserFacingError, match="not signed by the CA"):
            stranger.sync()
    finally:
        for laptop in laptops:
            laptop.opened.lock()
        _run("down", "--dir", str(folder))
