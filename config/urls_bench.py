"""The real URLs plus the framework floor (`/bench/floor/`): a trivial view served by the same gunicorn,
middleware and settings, so `make bench` can state each page's throughput as a share of what Django itself
can do on the machine. Used only by config.settings.bench."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403
from config.urls import urlpatterns as real_urlpatterns

__all__ = ["handler400", "handler403", "urlpatterns"]


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *real_urlpatterns]
