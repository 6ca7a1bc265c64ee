"""The dated markdown report: machine, versions, data sizes, then every figure against the issue's target."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import django
from django.db import connection
from django.utils import timezone

from bench.pages import LIST, REFERENCE, PageList

# The targets of issue 12, item 3.
P95_MS = 50.0
ADMIN_RATIO = 3.0
FLOOR_SHARE = 0.10
MAX_QUERIES = 12
PDF_MEDIAN_S = 0.5
PDF_PEAK_MB = 250.0
SWEEP_S = 2.0
FLOOR = "floor (trivial view)"
ADMIN = "admin changelist: suppliers"

SECTIONS = (
    "## Machine and versions",
    "## Data sizes",
    "## Pages",
    "## Query counts at two data sizes",
    "## PDFs",
    "## Sweeps",
    "## Plans of the list pages' slowest query",
    "## Targets",
)


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    load = os.getloadavg()
    return {
        "CPU": cpu,
        "load average at start (1/5/15 min)": " / ".join(f"{x:.2f}" for x in load),
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "gunicorn": _version("gunicorn"),
        "WeasyPrint": _version("weasyprint"),
        "PostgreSQL": pg,
        "database": str(connection.settings_dict["NAME"]),
    }


def data_sizes() -> dict[str, int]:
    from accounts.models import User
    from assessments.models import (
        Answer,
        Case,
        Decision,
        InformationForm,
        Judgement,
        ParameterJudgement,
        ReconciledParameter,
        Submission,
    )
    from audit.models import AuditEntry
    from notifications.models import Notification
    from suppliers.models import Department, Socialtilsyn, Supplier

    return {
        "socialtilsyn": Socialtilsyn.objects.count(),
        "suppliers": Supplier.objects.count(),
        "departments": Department.objects.count(),
        "users": User.objects.count(),
        "cases": Case.objects.count(),
        "open cases": Case.objects.open().count(),
        "decisions": Decision.objects.count(),
        "information forms": InformationForm.objects.count(),
        "answers": Answer.objects.count(),
        "submissions": Submission.objects.count(),
        "judgements": Judgement.objects.count(),
        "parameter judgements": ParameterJudgement.objects.count(),
        "reconciled parameters": ReconciledParameter.objects.count(),
        "audit entries": AuditEntry.objects.count(),
        "notifications": Notification.objects.count(),
    }


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def _table(head: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _plan_times(plan: str) -> str:
    """'planning 23.7 ms, execution 10.5 ms' from an EXPLAIN ANALYZE text."""
    found = re.findall(r"(Planning|Execution) Time: ([0-9.]+) ms", plan)
    return ", ".join(f"{what.lower()} {ms} ms" for what, ms in found) or "no timing in the plan"


def render(results: dict[str, Any]) -> str:
    """Markdown from the results dict that bench/run.py builds (see there for its keys)."""
    pages: list[dict[str, Any]] = results["pages"]
    timings: dict[str, dict[str, Any]] = results.get("timings") or {}
    counts: dict[str, dict[str, Any]] = results["counts"]
    compare: dict[str, dict[str, Any]] | None = results.get("compare_counts")
    misses: list[str] = []
    lines = [f"# Benchmark {results['date']} — {results['scale']}", ""]
    lines += [results.get("intro", ""), ""]
    lines += [SECTIONS[0], ""]
    lines += _table(["", ""], [[k, v] for k, v in results["machine"].items()])
    end_load = results.get("load_at_end")
    if end_load:
        lines += [f"Load average at the end: {end_load}.", ""]
    cores = int(results["machine"].get("cores") or 1)
    start_load = float(results["machine"]["load average at start (1/5/15 min)"].split(" / ")[0])
    if start_load > cores / 2:
        lines += [
            f"**The machine was busy** (load {start_load:.1f} on {cores} cores when the run started): other "
            "processes' work lowers the floor and slows every page alike, so compare the ratios, not the "
            "milliseconds, with a run on an idle machine.",
            "",
        ]
    lines += [SECTIONS[1], ""]
    sizes = results["sizes"]
    compare_sizes = results.get("compare_sizes")
    if compare_sizes:
        lines += _table(
            ["table", "rows", "rows (compare)"],
            [[k, f"{v:,}", f"{compare_sizes.get(k, 0):,}"] for k, v in sizes.items()],
        )
    else:
        lines += _table(["table", "rows"], [[k, f"{v:,}"] for k, v in sizes.items()])

    lines += [SECTIONS[2], ""]
    floor = timings.get(FLOOR)
    admin = timings.get(ADMIN)
    if timings:
        lines += [
            f"gunicorn, {results.get('workers', 2)} sync workers on 127.0.0.1, settings `config.settings.bench`; one "
            f"client, {results.get('requests')} requests per page (n: fewer when a page used up its time "
            "budget) after 3 warm-up requests, a new connection each. "
            "Requests/s is the page's own throughput with one client; the ratios compare it with the floor (a "
            "trivial view) and the admin changelist of suppliers, measured in the same run. Queries and SQL ms: "
            "one request of the page in-process (test Client), the second after a warm-up.",
            "",
        ]
    else:
        lines += ["Timings were not measured in this run (query counts only).", ""]
    rows = []
    for page in pages:
        name = page["name"]
        t = timings.get(name)
        q = counts.get(name, {})
        row = [name, page["kind"], f"`{page['method']} {page['url']}`", q.get("status", "")]
        queries = q.get("queries")
        q_ok = None if page["kind"] == REFERENCE or queries is None else queries <= MAX_QUERIES
        if t:
            p95_ok = None if page["kind"] == REFERENCE else t["p95_ms"] <= P95_MS
            admin_ratio = t["rps"] / admin["rps"] if admin and admin["rps"] else None
            floor_share = t["rps"] / floor["rps"] if floor and floor["rps"] else None
            list_ok = None
            if page["kind"] == LIST and admin_ratio is not None and floor_share is not None:
                list_ok = admin_ratio >= ADMIN_RATIO and floor_share >= FLOOR_SHARE
            row += [
                t.get("n", ""),
                f"{t['median_ms']:.1f}",
                f"{t['p95_ms']:.1f}",
                f"{t['rps']:.1f}",
                f"{admin_ratio:.2f}×" if admin_ratio is not None else "",
                f"{floor_share:.1%}" if floor_share is not None else "",
                queries if queries is not None else "",
                f"{q['sql_ms']:.1f}" if "sql_ms" in q else "",
                _mark(p95_ok),
                _mark(list_ok),
                _mark(q_ok),
            ]
            if p95_ok is False:
                misses.append(f"{name}: p95 {t['p95_ms']:.1f} ms > {P95_MS:.0f} ms")
            if list_ok is False:
                misses.append(f"{name}: {admin_ratio:.2f}× admin, {floor_share:.1%} of floor")
            if t["status"] != page["status"]:
                misses.append(f"{name}: answered {t['status']}, expected {page['status']}")
        else:
            sql_ms = f"{q['sql_ms']:.1f}" if "sql_ms" in q else ""
            row += ["", "", "", "", "", "", queries if queries is not None else "", sql_ms, "", "", _mark(q_ok)]
        if q_ok is False:
            misses.append(f"{name}: {queries} queries > {MAX_QUERIES}")
        if q.get("status") not in (None, page["status"]):
            misses.append(f"{name}: answered {q['status']} in-process, expected {page['status']}")
        rows.append(row)
    head = [
        "page",
        "kind",
        "request",
        "status",
        "median ms",
        "p95 ms",
        "req/s",
        "÷ admin",
        "÷ floor",
        "queries",
        "SQL ms",
    ]
    head += [f"p95 ≤ {P95_MS:.0f} ms", "list ≥ 3× admin, ≥ 10 % floor", f"≤ {MAX_QUERIES} queries"]
    lines += _table(head, rows)
    for name in results.get("missing", []):
        lines.append(f"- Not measured: **{name}** — the data holds nothing to show on it.")
    for note in results.get("notes", []):
        lines.append(f"- {note}")
    lines.append("")

    lines += [SECTIONS[3], ""]
    if compare is None:
        lines += ["No second database was given (`--compare-database-url`): counts at one size only.", ""]
    else:
        rows = []
        for page in pages:
            a = counts.get(page["name"], {}).get("queries")
            b = compare.get(page["name"], {}).get("queries")
            same = None if a is None or b is None else a == b
            if same is False:
                misses.append(f"{page['name']}: {a} queries here, {b} on the compare database — **MISMATCH**")
            rows.append([page["name"], a, b if b is not None else "not on that data", _mark(same)])
        lines += [f"This database: `{results['machine']['database']}`; compare: `{results.get('compare_name')}`.", ""]
        lines += _table(["page", "queries (this)", "queries (compare)", "equal"], rows)

    lines += [SECTIONS[4], ""]
    pdfs = results.get("pdfs") or {}
    if not pdfs:
        lines += ["Not measured in this run.", ""]
    else:
        lines += [
            "Each PDF rendered several times in a fresh Python process with the bench settings (bench/pdf_worker.py); "
            "median of the warm renders, the first (cold) render apart, and the process's peak resident memory "
            "(VmHWM; in brackets what the process held after Django's set-up, before the first render).",
            "",
        ]
        rows = []
        for kind, fig in pdfs.items():
            if fig is None:
                rows.append([kind, "", "", "", "", "", "no such object in the data"])
                continue
            ok = None
            if kind == "decision":
                ok = fig["median_warm_s"] <= PDF_MEDIAN_S and fig["peak_rss_mb"] <= PDF_PEAK_MB
                if not ok:
                    misses.append(
                        f"decision PDF: median {fig['median_warm_s']:.2f} s, peak {fig['peak_rss_mb']:.0f} MB "
                        f"(targets ≤ {PDF_MEDIAN_S} s, ≤ {PDF_PEAK_MB:.0f} MB)"
                    )
            rows.append(
                [
                    kind,
                    fig["pk"],
                    f"{fig['bytes']:,}",
                    f"{fig['first_s']:.2f}",
                    f"{fig['median_warm_s']:.2f} (n={fig['renders'] - 1})",
                    f"{fig['peak_rss_mb']:.0f} ({fig.get('baseline_rss_mb', 0):.0f} before rendering)",
                    _mark(ok),
                ]
            )
        lines += _table(["PDF", "pk", "bytes", "first s", "median warm s", "peak RSS MB", "≤ 0.5 s, ≤ 250 MB"], rows)

    lines += [SECTIONS[5], ""]
    sweeps = results.get("sweeps") or []
    if not sweeps:
        lines += ["Not measured in this run.", ""]
    else:
        lines += [
            "In one transaction that is rolled back (the data stays as it was); task queueing to the broker is "
            "replaced by a stub, e-mails go to memory. Busy day: the date shown (`--busy-day-offset` days ahead: "
            "reminders, overdue notices and lapses due); quiet day: the same day again, when everything due was "
            "queued by the first run. The notification sweep renders and sends at most 500 rows per run, "
            "in batches of 100 over one mail connection (`notifications_send_due`).",
            "",
        ]
        rows = []
        for run in sweeps:
            ok = run["seconds"] <= SWEEP_S
            if not ok:
                misses.append(f"{run['name']} on the {run['day']} day: {run['seconds']:.2f} s > {SWEEP_S:.0f} s")
            rows.append([run["name"], run["day"], f"{run['seconds']:.2f}", run["queries"], run["result"], _mark(ok)])
        lines += _table(["sweep", "day", "seconds", "queries", "result", f"≤ {SWEEP_S:.0f} s"], rows)

    lines += [SECTIONS[6], ""]
    plans = results.get("plans") or {}
    if not plans:
        lines += ["Not taken in this run (`--explain`).", ""]
    for name, plan in plans.items():
        fig = counts.get(name, {})
        lines += [
            f"**{name}** — {fig.get('slowest_ms', 0):.1f} ms in-process of {fig.get('sql_ms', 0):.1f} ms SQL in all; "
            f"{_plan_times(plan)}",
            "",
            "<details><summary>query and plan</summary>",
            "",
            "```sql",
            fig.get("slowest_sql", ""),
            "```",
            "",
            "```",
            plan,
            "```",
            "",
            "</details>",
            "",
        ]

    lines += [SECTIONS[7], ""]
    if misses:
        lines += ["Missed:", ""] + [f"- {m}" for m in misses] + [""]
    else:
        lines += ["Every measured figure meets its target.", ""]
    lines += [
        f"Targets (issue 12, item 3): every key page p95 ≤ {P95_MS:.0f} ms with one client; every list page "
        f"≥ {ADMIN_RATIO:.0f}× the admin changelist's throughput and ≥ {FLOOR_SHARE:.0%} of the floor; ≤ {MAX_QUERIES} "
        f"queries per page, the same at both sizes; decision PDF ≤ {PDF_MEDIAN_S} s median and ≤ {PDF_PEAK_MB:.0f} MB; "
        f"each sweep ≤ {SWEEP_S:.0f} s.",
        "",
    ]
    results["misses"] = misses
    return "\n".join(lines)


def write_report(results: dict[str, Any], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{results['date']}-{results['scale_slug']}.md"
    path.write_text(render(results))
    return path


def new_results(*, scale: str, found: PageList, requests: int = 0, intro: str = "") -> dict[str, Any]:
    """The results dict the report is written from: what describes the run; the figures are added to it."""
    return {
        "date": timezone.localdate().isoformat(),
        "scale": scale,
        "scale_slug": re.sub(r"[^a-z0-9.]+", "-", scale.lower()).strip("-") or "bench",
        "intro": intro,
        "machine": machine(),
        "sizes": data_sizes(),
        "pages": [asdict(p) for p in found.pages],
        "missing": found.missing,
        "notes": found.notes,
        "requests": requests,
        "workers": 2,
    }
