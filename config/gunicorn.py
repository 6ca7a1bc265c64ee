"""gunicorn's settings wherever the product is served: the image (Dockerfile), `make bench` and the load test.

    gunicorn config.wsgi:application -c python:config.gunicorn

Options given on the command line win over these. WEB_CONCURRENCY sets the number of workers (default: two per
core plus one, gunicorn's rule of thumb for sync workers that wait on PostgreSQL part of the time).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer is a bug to find, not a wait to sit out: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None


def post_worker_init(worker) -> None:
    """Load what Django loads lazily, then move it all out of the garbage collector's reach.

    On its first request Django imports the URLconf (and with it every view, form and selector module), the
    translation catalogue and the template engine: about a second, which the first visitor of each new worker
    would wait. Doing it here makes a worker ready when it starts taking requests. A worker then holds a few
    hundred thousand long-lived objects (modules, URL patterns, translations); without gc.freeze every full
    collection walks all of them, and one that lands inside a request shows in its time. Frozen objects are
    never walked again.
    """
    from django.conf import settings
    from django.template import engines
    from django.urls import reverse
    from django.utils import translation

    reverse("core:health")  # imports the URLconf and every view module
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Log ind")
    engines.all()
    gc.collect()
    gc.freeze()
