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
    """Django's modules and settings are loaded by now: move them out of the garbage collector's reach.

    A worker holds a few hundred thousand long-lived objects (modules, URL patterns, templates, translations).
    Without this, every full collection walks all of them, and one that lands inside a request shows in its
    time; frozen objects are never walked again (gc.freeze, as in CPython's docs for pre-fork servers).
    """
    gc.collect()
    gc.freeze()
