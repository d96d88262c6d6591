"""TLS for a hub reached across a network: the hub's own CA and server certificate, and the
checks a laptop makes before it sends a password anywhere.

A hub on any address but loopback is reached only with ``sslmode=verify-full`` against a CA the
laptop was given when it was linked (kept inside the encrypted caseload): a server whose
certificate that CA did not sign, or whose name is not on it, is refused before a password
leaves the laptop. The CA is shown as a short code (``SHA256:`` and 43 characters, as SSH shows
a host key) for the officer to compare with what the administrator gives them.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from officer_desk.errors import UserFacingError

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
PLAIN_ADDRESSES = {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}
SAFE_SSLMODE = "verify-full"


def fingerprint(pem: bytes) -> str:
    """``SHA256:...`` of a certificate's DER bytes (SSH's way of showing a key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    der = x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER)
    return "SHA256:" + base64.b64encode(hashlib.sha256(der).digest()).decode().rstrip("=")


def read_ca(path: Path) -> bytes:
    """A CA certificate file, checked to be one (a clear sentence when it is not)."""
    from cryptography import x509

    try:
        pem = path.read_bytes()
        cert = x509.load_pem_x509_certificate(pem)
    except OSError as exc:
        raise UserFacingError(f"The CA file {path} cannot be read: {exc.strerror or exc}.") \
            from None
    except ValueError:
        raise UserFacingError(f"{path} is not a certificate (PEM): give the CA file the hub's "
                              "administrator handed out.") from None
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise UserFacingError(f"{path} is a certificate but not a CA's: give the CA that signed "
                              "the hub's certificate.")
    return pem


def _key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def _pem_key(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_ca(name: str) -> tuple[bytes, bytes]:
    """A new CA for one hub: (certificate PEM, key PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = _key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False,
                                         decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM), _pem_key(key)


def make_server_cert(ca_pem: bytes, ca_key_pem: bytes, names: list[str]) -> tuple[bytes, bytes]:
    """A server certificate for the hub's addresses and names, signed by its CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    ca = x509.load_pem_x509_certificate(ca_pem)
    ca_key = serialization.load_pem_private_key(ca_key_pem, password=None)
    key = _key()
    alt: list[x509.GeneralName] = []
    for name in names:
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alt.append(x509.DNSName(name))
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=825))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM), _pem_key(key)


def is_loopback(host: str | None) -> bool:
    """The address the hub serves in plain on its own machine: 127.0.0.1, ::1 or a Unix socket.

    Every other address, 127.0.0.2 included, is served and reached as a network is: TLS only,
    the certificate and its name checked (a second loopback address is how that is tested).
    """
    if not host or host.startswith("/"):
        return True
    if host.strip("[]").lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")) in PLAIN_ADDRESSES
    except ValueError:
        return False


def checked_dsn(dsn: str, ca_pem: bytes | None) -> str:
    """The hub's address as a laptop may use it, or a sentence saying why not.

    No password in it (it would show in the process list and be kept as typed); on any host
    but loopback, TLS with the hub's certificate checked against the CA given, always.
    """
    from psycopg import conninfo

    try:
        parts = conninfo.conninfo_to_dict(dsn)
    except Exception:  # noqa: BLE001 - any parse failure is the same sentence
        raise UserFacingError("That is not a hub address: give it as "
                              "postgresql://HOST:PORT/officer_desk_hub.") from None
    if parts.get("password"):
        raise UserFacingError("Leave the password out of the hub's address (it would show in "
                              "the process list): give it with --password-file.")
    hosts = str(parts.get("host") or "").split(",")
    remote = [h for h in hosts if not is_loopback(h)]
    mode = parts.get("sslmode")
    if remote:
        if mode not in (None, SAFE_SSLMODE):
            raise UserFacingError(f"sslmode={mode} would not check the hub's certificate: a hub "
                                  "on another machine is reached only with verify-full (leave "
                                  "sslmode out).")
        if ca_pem is None:
            raise UserFacingError("A hub on another machine needs its certificate checked: give "
                                  "the hub's CA file from its administrator (--ca-file).")
    return dsn
