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
