"""`python -m bench.pdf_worker decision|submission <pk> <renders>`: render one PDF in this fresh process and
print one JSON line: every render's seconds (the first is cold: fonts and stylesheets loaded) and the peak
resident memory of this process (ru_maxrss, kB on Linux) — what a worker rendering it would hold."""

import json
import os
import resource
import statistics
import sys
import time


def main(kind: str, pk: int, renders: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from assessments.models import Decision, Submission
    from reports.decision_pdf import decision_pdf_bytes
    from reports.forms_pdf import submission_pdf_bytes

    if kind == "decision":
        obj = Decision.objects.get(pk=pk)
        render = lambda: decision_pdf_bytes(obj)  # noqa: E731
    else:
        sub = Submission.objects.get(pk=pk)
        render = lambda: submission_pdf_bytes(sub)  # noqa: E731
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, size = [], 0
    for _ in range(renders):
        start = time.perf_counter()
        size = len(render())
        times.append(time.perf_counter() - start)
    warm = times[1:] or times
    return {
        "kind": kind,
        "pk": pk,
        "bytes": size,
        "first_s": times[0],
        "median_warm_s": statistics.median(warm),
        "renders": renders,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "baseline_rss_mb": baseline_kb / 1024,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
