"""`python -m bench.run --database-url …`: the benchmark of issue 12 (`make bench` calls it).

Measures every key page through gunicorn (2 sync workers, `config.settings.bench`) with one client — median,
p95, requests/s — beside the framework floor and the admin changelist in the same run; each page's SQL query
count in-process (Django's test Client, CaptureQueriesContext), at this size and, with
`--compare-database-url`, at a second size (a mismatch is printed loudly); the decision and submitted-form
PDFs in a fresh process (median render time, peak memory); the sweeps in a rolled-back transaction on a busy
and a quiet day. Writes bench/results/<date>-<scale>.md. Nothing is asserted: figures are compared with the
issue's targets in the report ("met"/"missed").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"), required=False)
    parser.add_argument("--compare-database-url", default=os.environ.get("BENCH_COMPARE_DATABASE_URL") or None)
    parser.add_argument("--scale", default=os.environ.get("BENCH_SCALE", "national"), help="label in the report")
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", "50")))
    parser.add_argument("--page-budget", type=float, default=60.0, help="seconds at most per page (≥ 5 requests)")
    parser.add_argument("--pdf-renders", type=int, default=4)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--skip-http", action="store_true", help="query counts only, no gunicorn")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--skip-sweeps", action="store_true")
    parser.add_argument("--busy-day-offset", type=int, default=60, help="the sweeps' busy day: today + N days")
    parser.add_argument("--no-explain", action="store_true", help="no EXPLAIN ANALYZE of the list pages")
    parser.add_argument("--intro", default="", help="a sentence at the top of the report")
    parser.add_argument("--counts-json", action="store_true", help=argparse.SUPPRESS)  # for the compare DB
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url (or BENCH_DATABASE_URL) is required")
    return args


def compare_counts(database_url: str) -> dict:
    """Query counts (and data sizes) on the second database, in a process of its own."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench", "DATABASE_URL": database_url}
    cmd = [sys.executable, "-m", "bench.run", "--database-url", database_url, "--counts-json"]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit("the compare database could not be measured")
    return json.loads(out.stdout.strip().splitlines()[-1])


def loud(text: str) -> None:
    bar = "!" * 78
    print(f"\n{bar}\n{text}\n{bar}\n", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from bench import measure, report
    from bench.pages import LIST, pdf_targets, resolve_pages

    found = resolve_pages()
    if args.counts_json:
        counts = measure.count_queries(found.pages)
        print(json.dumps({"counts": counts, "sizes": report.data_sizes(), "name": connection.settings_dict["NAME"]}))
        return 0

    print(f"bench on {connection.settings_dict['NAME']}: {len(found.pages)} pages", flush=True)
    results = report.new_results(scale=args.scale, found=found, requests=args.requests, intro=args.intro)
    print("query counts …", flush=True)
    results["counts"] = measure.count_queries(found.pages)
    if args.compare_database_url:
        print("query counts on the compare database …", flush=True)
        other = compare_counts(args.compare_database_url)
        results["compare_counts"], results["compare_sizes"] = other["counts"], other["sizes"]
        results["compare_name"] = other["name"]
        for name, fig in results["counts"].items():
            theirs = other["counts"].get(name, {}).get("queries")
            if theirs is not None and theirs != fig["queries"]:
                loud(f"QUERY COUNT MISMATCH: {name}: {fig['queries']} here, {theirs} on {other['name']}")
    if not args.skip_http:
        print("timings through gunicorn …", flush=True)
        timings = measure.time_pages(args.database_url, found.pages, requests=args.requests, budget_s=args.page_budget)
        results["timings"] = {
            name: {"median_ms": t.median_ms, "p95_ms": t.p95_ms, "rps": t.rps, "status": t.status, "n": len(t.times)}
            for name, t in timings.items()
        }
    if not args.skip_pdf:
        print("PDFs …", flush=True)
        results["pdfs"] = {
            kind: (measure.pdf_figures(args.database_url, kind, pk, renders=args.pdf_renders) if pk else None)
            for kind, pk in pdf_targets().items()
        }
    if not args.skip_sweeps:
        print("sweeps …", flush=True)
        results["sweeps"] = [asdict(run) for run in measure.run_sweeps(busy_offset_days=args.busy_day_offset)]
    if not args.no_explain:
        print("plans of the list pages' slowest query …", flush=True)
        results["plans"] = {
            page.name: measure.explain(results["counts"][page.name]["slowest_sql"])
            for page in found.pages
            if page.kind == LIST and results["counts"][page.name].get("slowest_sql")
        }
    results["load_at_end"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    path = report.write_report(results, args.out)
    print(f"\nreport: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    for miss in results["misses"]:
        print(f"  missed: {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
