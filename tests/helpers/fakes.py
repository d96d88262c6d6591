"""Small real implementations used in tests: an in-memory keyring backend, a fast KDF."""

from __future__ import annotations

from keyring.backend import KeyringBackend

# A low scrypt cost for tests only; the product's cost is in db/keystore.py.
FAST_KDF = {"n": 2**10, "r": 8, "p": 1}


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps secrets in a dict (priority 0: never chosen by itself)."""

    priority = 0  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)
