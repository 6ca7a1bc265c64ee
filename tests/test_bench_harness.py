"""The benchmark harness (bench/): its page list, in-process query counts, the rolled-back sweeps and the
report, run once against the test database. No timing is measured or asserted here (that is `make bench`)."""

import pytest
from django.test import override_settings

from bench import measure, report
from bench.pages import LIST, REFERENCE, resolve_pages

PAGES = {"floor (trivial view)", "admin changelist: suppliers", "dashboard (consultant)", "register (myndighed)"}


@pytest.fixture
def found(consultant, leader, fagadmin, myndighed, supplier):
    return resolve_pages()


@override_settings(ROOT_URLCONF="config.urls_bench")
def test_page_list_names_every_key_page_it_has_data_for(found):
    names = {page.name for page in found.pages}
    assert names >= PAGES
    assert {"case list (leader)", "statistics (fagadmin)", "register, filtered (myndighed)"} <= names
    # no case in the data: the case pages are named as missing, not silently dropped
    assert "case detail (consultant)" in found.missing
    assert "autosave (POST)" in found.missing
    kinds = {page.name: page.kind for page in found.pages}
    assert kinds["floor (trivial view)"] == REFERENCE
    assert kinds["register (myndighed)"] == LIST


@override_settings(ROOT_URLCONF="config.urls_bench")
def test_report_has_every_section_and_flags_a_count_mismatch(found, tmp_path):
    found.pages = [page for page in found.pages if page.name in PAGES]
    results = report.new_results(scale="test size", found=found, intro="Test run.")
    results["counts"] = measure.count_queries(found.pages)
    assert {name: fig["status"] for name, fig in results["counts"].items()} == dict.fromkeys(PAGES, 200)
    assert results["counts"]["floor (trivial view)"]["queries"] == 0

    other = {name: dict(fig) for name, fig in results["counts"].items()}
    other["dashboard (consultant)"]["queries"] += 1
    results |= {"compare_counts": other, "compare_name": "test_small"}
    results["sweeps"] = [vars(run) for run in measure.run_sweeps()]
    register = results["counts"]["register (myndighed)"]
    results["plans"] = {"register (myndighed)": measure.explain(register["slowest_sql"])}

    path = report.write_report(results, tmp_path)

    assert path.name.endswith("-test-size.md")
    text = path.read_text()
    for section in report.SECTIONS:
        assert section in text
    assert "genvurdering sweep" in text
    assert "form-deadline sweep" in text
    assert "dashboard (consultant)" in text
    assert "**MISMATCH**" in text
    assert "Timings were not measured" in text
    assert "Execution Time" in text
