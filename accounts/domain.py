"""Pure rules about who is asking (no Django imports): the client's address behind our own proxies."""

import ipaddress


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_address(remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The address of the client as the outermost of our `trusted_proxies` proxies saw it.

    Each proxy appends the address of its peer to X-Forwarded-For, so with N proxies of our own the client is
    the N-th entry from the right; entries further left were written by the client and are ignored. Without
    proxies, or when the header has fewer entries than we have proxies or holds garbage, the peer address
    (REMOTE_ADDR) is the answer: it can never be forged.
    """
    if trusted_proxies <= 0 or not forwarded_for:
        return remote_addr
    entries = [part.strip() for part in forwarded_for.split(",")]
    if len(entries) < trusted_proxies:
        return remote_addr
    candidate = entries[-trusted_proxies]
    return candidate if _is_address(candidate) else remote_addr


# NSIS assurance levels as the MitID Erhverv brokers name them, lowest first.
ASSURANCE_LEVELS = ("low", "substantial", "high")


def assurance_rank(level: str) -> int:
    """The position of an NSIS level (case and an `nsis:`/URL prefix ignored); -1 for anything unknown."""
    name = level.strip().lower().rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return ASSURANCE_LEVELS.index(name) if name in ASSURANCE_LEVELS else -1


def assurance_sufficient(level: str, minimum: str) -> bool:
    """Whether a login at `level` meets `minimum`. An unknown or missing level never does."""
    rank = assurance_rank(level)
    return rank >= 0 and rank >= max(assurance_rank(minimum), 0)


# When a person is in several mapped groups, the role that carries most responsibility wins.
ROLE_PRECEDENCE = ("leader", "consultant", "fagadmin", "myndighed")


def role_from_groups(mappings: list[tuple[str, int | None]]) -> tuple[str, int | None] | None:
    """The one (role, socialtilsyn id) that a person's mapped groups give, or None when there is none.

    `mappings` holds the (role, socialtilsyn id) of every mapped group the person is in. The role highest in
    ROLE_PRECEDENCE wins; if that role comes with two different socialtilsyn the answer is ambiguous, and
    None is returned too (a person acts for one socialtilsyn only).
    """
    for role in ROLE_PRECEDENCE:
        tilsyn = {socialtilsyn for mapped_role, socialtilsyn in mappings if mapped_role == role}
        if len(tilsyn) == 1:
            return role, tilsyn.pop()
        if len(tilsyn) > 1:
            return None
    return None


def candidate_suppliers_active(candidate_count: int) -> bool:
    """Whether a CVR match links a person at once: only when exactly one supplier has that CVR.

    Municipal suppliers share their municipality's CVR, so with two or more candidates the CVR does not say
    which one the person works for; those links wait for confirmation.
    """
    return candidate_count == 1
