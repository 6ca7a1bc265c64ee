"""What the bench measures: query counts in-process, timings through gunicorn, PDFs in a fresh process, sweeps
in a rolled-back transaction. Runs inside a configured Django (bench/run.py or a test)."""

from __future__ import annotations

import datetime
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlencode

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from bench.pages import Page

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- query counts (in-process, test Client)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _request(client: Client, page: Page) -> int:
    if page.method == "POST":
        return client.post(page.url, page.data, HTTP_ACCEPT="application/json").status_code
    return client.get(page.url).status_code


def count_queries(pages: list[Page]) -> dict[str, dict[str, Any]]:
    """{page name: {"queries": n, "status": code}} — the second request of each page (the first warms caches).
    Every request runs in a transaction that is rolled back, so a POST leaves the data as it was."""
    counts: dict[str, dict[str, Any]] = {}
    for page in pages:
        client = _client(page.username)
        with transaction.atomic():
            _request(client, page)
            connection.queries_log.clear()  # it keeps 9,000 entries: a full log would read as 0 new queries
            with CaptureQueriesContext(connection) as ctx:
                status = _request(client, page)
            transaction.set_rollback(True)
        queries = ctx.captured_queries
        slowest = max(queries, key=lambda q: float(q["time"]), default=None)
        counts[page.name] = {
            "queries": len(queries),
            "status": status,
            "sql_ms": sum(float(q["time"]) for q in queries) * 1000,
            "slowest_sql": slowest["sql"] if slowest else "",
            "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0.0,
        }
    return counts


def explain(sql: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of one SELECT, in a transaction that is rolled back."""
    if not sql.lstrip().upper().startswith("SELECT"):
        return "(not a SELECT)"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


# ---------------------------------------------------------------- timings through gunicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(database_url: str, *, workers: int = 2) -> Iterator[int]:
    """gunicorn with the bench settings on 127.0.0.1 (sync workers); yields the port."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESSLOG": "",  # no access log: the bench counts requests itself
    }
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi:application",
        "--config",
        "python:config.gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)  # noqa: S603 - our own command line
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _http(port, "GET", "/bench/floor/", {})[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("gunicorn did not start (see its output above)")
            time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _http(port: int, method: str, url: str, headers: dict[str, str], body: bytes | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, url, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Timing:
    status: int
    times: list[float] = field(default_factory=list)
    total: float = 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)] * 1000

    @property
    def rps(self) -> float:
        return len(self.times) / self.total if self.total else 0.0


def session_headers(username: str) -> dict[str, str]:
    """A real session in the database for the user (as a login writes it) and a CSRF cookie + header."""
    from django.middleware.csrf import _get_new_csrf_string  # type: ignore[attr-defined]

    client = _client(username)
    session = client.cookies["sessionid"].value
    csrf = _get_new_csrf_string()
    return {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf, "Host": "127.0.0.1"}


def time_page(
    port: int, page: Page, headers: dict[str, str], *, requests: int, warmup: int = 3, budget_s: float = 60.0
) -> Timing:
    """One client, one request after the other, a new connection each (gunicorn's sync workers close it).
    A page slower than budget_s / requests stops after budget_s seconds (at least 5 requests)."""
    body = None
    hdrs = dict(headers)
    if page.method == "POST":
        body = urlencode(page.data).encode()
        hdrs |= {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    status = 0
    for _ in range(warmup):
        status, _body = _http(port, page.method, page.url, hdrs, body)
    timing = Timing(status=status)
    start = time.perf_counter()
    for n in range(requests):
        if n >= 5 and time.perf_counter() - start > budget_s:
            break
        t0 = time.perf_counter()
        status, _body = _http(port, page.method, page.url, hdrs, body)
        timing.times.append(time.perf_counter() - t0)
        if status != page.status:
            timing.status = status
    timing.total = time.perf_counter() - start
    return timing


def time_pages(database_url: str, pages: list[Page], *, requests: int, budget_s: float = 60.0) -> dict[str, Timing]:
    headers = {username: session_headers(username) for username in {p.username for p in pages}}
    results: dict[str, Timing] = {}
    with gunicorn(database_url) as port:
        for page in pages:
            results[page.name] = time_page(port, page, headers[page.username], requests=requests, budget_s=budget_s)
            t = results[page.name]
            print(
                f"  {page.name:<40} median {t.median_ms:7.1f} ms  p95 {t.p95_ms:7.1f} ms  {t.rps:7.1f}/s"
                f"  n={len(t.times)}",
                flush=True,
            )
    return results


# ---------------------------------------------------------------- PDFs in a fresh process


def pdf_figures(database_url: str, kind: str, pk: int, *, renders: int) -> dict[str, Any]:
    """Render one PDF `renders` times in a fresh Python process (bench/pdf_worker.py); median time and the
    process's peak resident memory (its own ru_maxrss, reported back)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench", "DATABASE_URL": database_url}
    cmd = [sys.executable, "-m", "bench.pdf_worker", kind, str(pk), str(renders)]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- sweeps, rolled back


@dataclass
class SweepRun:
    name: str
    day: str
    seconds: float
    queries: int
    result: Any


def _measured(name: str, day: str, fn: Callable[[], Any]) -> SweepRun:
    """Time and query count of one call. Counted by an execute wrapper: CaptureQueriesContext reads Django's
    query log, which keeps only the last 9,000 queries, and a sweep over national data runs more."""
    executed = 0

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal executed
        executed += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
    return SweepRun(name, day, seconds, executed, result)


def run_sweeps(*, busy_offset_days: int = 60) -> list[SweepRun]:
    """Each sweep twice in one transaction that is rolled back: on a busy day (today + busy_offset_days, when
    many reminders, overdue notices and lapses are due) and again on the same day (a quiet day: everything
    due was queued by the first run, so nothing new is sent). The report re-queue and the notification sweep
    do not depend on the day: they run after the others, so the notification sweep finds the rows the busy
    day queued (time moved on so they are due). Nothing reaches the broker: the task queueing is replaced."""
    import time_machine

    from assessments import tasks as assessment_tasks
    from assessments.services.notify import form_deadline_sweep
    from assessments.services.reassessment import reassessment_sweep
    from notifications import tasks as notification_tasks

    busy = timezone.localdate() + datetime.timedelta(days=busy_offset_days)
    runs: list[SweepRun] = []
    with (
        transaction.atomic(),
        mock.patch.object(assessment_tasks, "enqueue_report", return_value=True),
        mock.patch.object(assessment_tasks, "enqueue_export", return_value=True),
    ):
        runs.append(_measured("reports re-queue", "any", assessment_tasks.requeue_decision_reports))
        runs.append(
            _measured("notification sweep (outbox as it is)", "today", notification_tasks.send_pending_notifications)
        )
        for name, sweep in (("genvurdering sweep", reassessment_sweep), ("form-deadline sweep", form_deadline_sweep)):
            runs.append(_measured(name, f"busy ({busy})", lambda s=sweep: s(today=busy)))  # type: ignore[misc]
            runs.append(_measured(name, f"quiet ({busy}, again)", lambda s=sweep: s(today=busy)))  # type: ignore[misc]
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10), tick=True):
            runs.append(
                _measured(
                    "notification sweep (after the busy day)",
                    f"busy ({busy})",
                    notification_tasks.send_pending_notifications,
                )
            )
        transaction.set_rollback(True)
    return runs
