"""Passwords (Argon2), personal API tokens and session ids: made here, never stored in the clear.

Tokens and session ids are random; the registry keeps only their SHA-256, so a
copy of the registry cannot be replayed. A token is shown once, when it is made.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from threadline.errors import InputError

TOKEN_PREFIX = "tl_"
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
AT_ONCE = 4  # Argon2 takes 64 MiB per hash by default: a flood of sign-ins must not take all the memory


class Passwords:
    """Argon2id hashing with the library's recommended parameters (tests pass cheaper ones)."""

    def __init__(self, hasher: PasswordHasher | None = None):
        self.hasher = hasher or PasswordHasher()
        self._slots = threading.BoundedSemaphore(AT_ONCE)
        self._dummy = self.hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        check_password(password)
        with self._slots:
            return self.hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """True if ``password`` matches; an unknown user costs the same time as a wrong password."""
        try:
            with self._slots:
                return bool(self.hasher.verify(stored or self._dummy, password)) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def outdated(self, stored: str) -> bool:
        return bool(self.hasher.check_needs_rehash(stored))


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"a password may have at most {MAX_PASSWORD} characters")


def digest(secret: str) -> str:
    """What the registry stores for a token or session id."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(session_id: str) -> str:
    """The CSRF token of a session: derived from its secret id, so it cannot be guessed without it."""
    return hmac.new(session_id.encode("utf-8"), b"threadline csrf", hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
