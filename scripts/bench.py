"""Benchmarks that print figures (never pass/fail): `make bench`.

Measures, on the development database's demo data (run `make run` or `manage.py seed_demo` first):
- the placement rule over all 6,561 level combinations;
- CPR detection over a long free-text answer;
- the supplier list and the register page as seen by a consultant / municipal user (Django test client,
  real PostgreSQL), with their query counts;
- rendering a decision-sized PDF/A with WeasyPrint (first and warm render).
"""

import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from privacy.domain import find_cpr_numbers  # noqa: E402
from targetgroups.domain.model import Level  # noqa: E402
from targetgroups.domain.placement import place  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return runs


def report(name: str, runs: list[float], unit_count: int = 1, extra: str = "") -> None:
    median = statistics.median(runs)
    per = f", {unit_count / median:,.0f}/s" if unit_count > 1 else ""
    print(f"{name:<48} median {median * 1000:8.2f} ms  (min {min(runs) * 1000:.2f}, n={len(runs)}{per}) {extra}")


def bench_placement() -> None:
    combos = list(itertools.product(list(Level), repeat=8))
    report("placement: all 6,561 combinations", timed(lambda: [place(c) for c in combos], 5), len(combos))


def bench_cpr() -> None:
    text = "Borgerne i tilbuddet er mellem 18 og 25 år. Tlf. 12 34 56 78, CVR 12345678, sag 2024-0123456. " * 60
    report(f"CPR detection: {len(text):,} characters", timed(lambda: find_cpr_numbers(text), 20))


def bench_page(username: str, url: str, label: str) -> None:
    user = User.objects.filter(username=username).first()
    if user is None:
        print(f"{label:<48} skipped: no user {username!r} (run seed_demo)")
        return
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    client.get(url)  # warm up templates and connections
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        status = client.get(url).status_code
    report(label, timed(lambda: client.get(url), 30), extra=f"status {status}, {len(queries)} queries")


def bench_pdf() -> None:
    from reports.pdf import render_pdf

    first = timed(lambda: render_pdf("reports/base.html", {"reference": "BENCH"}, title="Benchmark"), 1)
    warm = timed(lambda: render_pdf("reports/base.html", {"reference": "BENCH"}, title="Benchmark"), 5)
    report("PDF/A-3A render (base template), first", first)
    report("PDF/A-3A render (base template), warm", warm)


if __name__ == "__main__":
    print(f"Python {sys.version.split()[0]}, database {connection.settings_dict['NAME']}")
    bench_placement()
    bench_cpr()
    bench_page("konsulent1.hovedstaden", "/leverandoerer/", "supplier list (consultant)")
    bench_page("myndighed", "/register/", "register (myndighed)")
    bench_page("konsulent1.hovedstaden", "/", "dashboard (consultant)")
    bench_pdf()
