"""Counting attempts in Redis (Django's cache) so that a limit holds across every web process."""

import hashlib
import logging

import redis
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(scope: str, value: str) -> str:
    # Hashed: neither e-mail addresses nor client addresses are stored in Redis in clear text.
    return f"ratelimit:{scope}:{hashlib.sha256(value.encode()).hexdigest()}"


def attempt_allowed(*, scope: str, value: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `value` in `scope`; True while at most `limit` attempts fell in the window.

    The window starts at the first attempt and lasts `window_seconds`. When Redis is unreachable the attempt
    is allowed (and logged): the limits slow abuse down, they are not what keeps accounts safe, and /health/
    reports the outage.
    """
    key = _key(scope, value)
    try:
        cache.add(key, 0, timeout=window_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window_seconds)
            count = 1
    except redis.RedisError as exc:
        logger.warning("rate limit %s not counted, Redis unreachable: %s", scope, exc)
        return True
    return count <= limit
