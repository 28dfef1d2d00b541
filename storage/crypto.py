"""Encryption at rest for identifiers, and a keyed hash to find rows by them without decrypting."""
from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"acompana", info=purpose).derive(secret.encode())


class Cipher:
    """One DATA_KEY gives two independent keys: one to encrypt, one to hash for look-ups.
    `old_keys` (DATA_KEY_OLD, during `acompana rotate-key`) still decrypt; new data uses DATA_KEY."""

    def __init__(self, data_key: str, old_keys: tuple[str, ...] = ()) -> None:
        self._fernet = MultiFernet([Fernet(base64.urlsafe_b64encode(_derive(k, b"encrypt"))) for k in (data_key, *old_keys)])
        self._mac_key = _derive(data_key, b"lookup")
        # Chat ids encrypted or read once per process (address <-> token), see encrypt_address.
        self._tokens: dict[str, str] = {}
        self._addresses: dict[str, str] = {}

    def key_of(self, value: int | str) -> str:
        """A stable, keyed hash: the same Telegram id always gives the same key, unguessable without DATA_KEY."""
        return hmac.new(self._mac_key, str(value).encode(), hashlib.sha256).hexdigest()

    def encrypt(self, value: int | str) -> str:
        return self._fernet.encrypt(str(value).encode()).decode()

    def encrypt_address(self, value: int | str) -> str:
        """A chat id encrypted for the outbox, made once per process for each chat: every parcel
        carries one, and the same token for the same chat tells no more than its look-up key does."""
        address = str(value)
        token = self._tokens.get(address)
        if token is None:
            self._make_room()
            token = self._tokens[address] = self.encrypt(address)
            self._addresses[token] = address
        return token

    def decrypt_address(self, token: str) -> str:
        """A chat id as decrypt() gives it, read once per process for each token (the sender reads
        one for every parcel). Not reused by encrypt_address: it may be under an old key."""
        address = self._addresses.get(token)
        if address is None:
            self._make_room()
            address = self._addresses[token] = self.decrypt(token)
        return address

    def _make_room(self) -> None:
        if len(self._addresses) > 100_000:  # forgetting only costs a Fernet operation
            self._tokens.clear()
            self._addresses.clear()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:  # a different DATA_KEY than the one the data was written with
            raise ValueError("cannot decrypt: DATA_KEY does not match the stored data") from exc

    def rotate(self, token: str) -> str:
        """The same value, encrypted again under DATA_KEY."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("cannot decrypt: DATA_KEY does not match the stored data") from exc

    def decrypt_int(self, token: str) -> int:
        return int(self.decrypt(token))
