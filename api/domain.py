"""The shape of an API token. Pure: no Django.

A token reads `sv_<prefix>_<secret>`: 8 hex characters of prefix to find the row, and a secret of 32 random
bytes (URL-safe base64, 43 characters). Only the SHA-256 of the whole token is stored.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

SCHEME = "sv"
PREFIX_BYTES = 4
SECRET_BYTES = 32
TOKEN_PATTERN = re.compile(r"^sv_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class NewToken:
    token: str  # shown once, never stored
    prefix: str
    digest: str


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> NewToken:
    prefix = secrets.token_hex(PREFIX_BYTES)
    token = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return NewToken(token=token, prefix=prefix, digest=token_digest(token))


def token_prefix(token: str) -> str | None:
    """The lookup prefix of a well-formed token, else None (a malformed token is refused without a query)."""
    match = TOKEN_PATTERN.fullmatch(token)
    return match.group(1) if match else None


def token_matches(token: str, digest: str) -> bool:
    """Compare in constant time, so the answer's timing tells nothing about the stored digest."""
    return hmac.compare_digest(token_digest(token), digest)
