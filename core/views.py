"""Infrastructure endpoints of core: the readiness check the load balancer and compose ask."""

import logging

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse

logger = logging.getLogger(__name__)

# A health check must answer quickly even when Redis hangs; the load balancer has its own timeout.
REDIS_TIMEOUT_SECONDS = 2


def health(request: HttpRequest) -> JsonResponse:
    """Readiness for the load balancer and compose health check: PostgreSQL and Redis (the broker) answer.

    200 `{"status": "ok"}` when both do; otherwise 503 with a short reason per unreachable part (no host
    names or credentials, those go to the log).
    """
    reasons: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("health: PostgreSQL unreachable: %s", exc)
        reasons["database"] = "PostgreSQL unreachable"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
    except redis.RedisError as exc:
        logger.warning("health: Redis unreachable: %s", exc)
        reasons["redis"] = "Redis unreachable"
    if reasons:
        return JsonResponse({"status": "unavailable", "reasons": reasons}, status=503)
    return JsonResponse({"status": "ok"})
