"""Hand-made damaged key files: each said to be damaged, never counted, never a traceback."""

from __future__ import annotations

import base64
import json
import time

import pytest


def _flip(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def _variants(original: dict) -> dict[str, bytes]:
    def edit(fn):
        data = json.loads(json.dumps(original))
        fn(data)
        return json.dumps(data).encode()

    def kdf(field, value):
        return edit(lambda d: d["passphrase"]["kdf"].__setitem__(field, value))

    text = json.dumps(original).encode()
    return {
        "empty": b"",
        "truncated": text[: len(text) // 2],
        "not json": b"keys, please",
        "binary": bytes(range(256)) * 4,
        "a list": b"[1, 2, 3]",
        "nested deep": b"[" * 100_000 + b"]" * 100_000,
        "huge": b'{"format": 1, "pad": "' + b"x" * 2_000_000 + b'"}',
        "no caseload id": edit(lambda d: d.pop("caseload_id")),
        "caseload id a number": edit(lambda d: d.__setitem__("caseload_id", 7)),
        "device_bound text": edit(lambda d: d.__setitem__("device_bound", "yes")),
        "no passphrase wrap": edit(lambda d: d.pop("passphrase")),
        "passphrase wrap a string": edit(lambda d: d.__setitem__("passphrase", "x")),
        "no kdf": edit(lambda d: d["passphrase"].pop("kdf")),
        "kdf pbkdf2": kdf("name", "pbkdf2"),
        "n huge": kdf("n", 2**30),
        "n not a power of two": kdf("n", 100_000),
        "p = 64": kdf("p", 64),
        "r = 0": kdf("r", 0),
        "n as text": kdf("n", "131072"),
        "salt not base64": edit(lambda d: d["passphrase"].__setitem__("salt", "%%%")),
        "salt too short": edit(lambda d: d["passphrase"].__setitem__("salt", "AAAA")),
        "nonce wrong length": edit(lambda d: d["passphrase"].__setitem__("nonce", "AAAAAAAA")),
        "sealed truncated": edit(lambda d: d["passphrase"].__setitem__(
            "sealed", d["passphrase"]["sealed"][:20])),
        "sealed one bit flipped": edit(lambda d: d["passphrase"].__setitem__(
            "sealed", _flip(d["passphrase"]["sealed"]))),
        "salt one bit flipped": edit(lambda d: d["passphrase"].__setitem__(
            "salt", _flip(d["passphrase"]["salt"]))),
        "nonce one bit flipped": edit(lambda d: d["passphrase"].__setitem__(
            "nonce", _flip(d["passphrase"]["nonce"]))),
        "no recovery at all": edit(lambda d: d.pop("recovery")),
        "checksum wrong": edit(lambda d: d.__setitem__("checksum", "0" * 64)),
    }


def test_every_tampered_key_file_is_called_damaged(initialised) -> None:
    cli = initialised
    keys = cli.data_dir / "keys.json"
    original_bytes = keys.read_bytes()
    original = json.loads(original_bytes)
    state = cli.data_dir / "unlock-state.json"
    variants = _variants(original)
    assert len(variants) >= 26
    for name, content in variants.items():
        keys.write_bytes(content)
        started = time.monotonic()
        proc = cli.run("due", "--json")
        took = time.monotonic() - started
        assert proc.returncode == 1, (name, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr, (name, proc.stderr)
        assert "key file" in proc.stderr and "damaged" in proc.stderr, (name, proc.stderr)
        assert "backups/keys.json" in proc.stderr, name  # says what to do
        assert json.loads(state.read_text())["count"] == 0, name  # not counted as a wrong try
        assert took < 10, (name, took)
    keys.write_bytes(original_bytes)
    assert cli.run("due", "--json").returncode == 0


@pytest.mark.parametrize("fmt", [2, 99])
def test_a_newer_key_file_says_update(initialised, fmt: int) -> None:
    keys = initialised.data_dir / "keys.json"
    data = json.loads(keys.read_bytes())
    data["format"] = fmt
    data.pop("checksum")
    keys.write_text(json.dumps(data))
    proc = initialised.run("due")
    assert proc.returncode == 1 and "newer Officer Desk" in proc.stderr
