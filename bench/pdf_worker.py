"""`python -m bench.pdf_worker decision|submission <pk> <renders>`: render one PDF in this fresh process and
print one JSON line: every render's seconds (the first is cold: fonts and stylesheets loaded) and the peak
resident memory of this process — what a worker rendering it would hold. The peak is VmHWM from
/proc/self/status: ru_maxrss would carry over the high-water mark of the parent that forked this process
(Linux keeps it across fork and exec), i.e. the harness's own size."""

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    baseline_mb = peak_rss_mb()
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
        "peak_rss_mb": peak_rss_mb(),
        "baseline_rss_mb": baseline_mb,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
