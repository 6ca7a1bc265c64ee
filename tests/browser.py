"""Helpers for browser tests: axe-core on every page, and a page wrapper that makes that automatic."""

from pathlib import Path

import pytest
from django.conf import settings

AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations (all impacts)."""
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core is missing at {AXE_PATH}: run `npm ci` (or `make setup`)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    results = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return results["violations"]


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def check_accessibility(page) -> None:
    """Fail the test when the current page has an axe-core violation of impact serious or critical."""
    page.wait_for_load_state("load")
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(format_violations(page.url, blocking), pytrace=False)


class CheckedPage:
    """A Playwright page whose every loaded document must pass `check_accessibility`, and that must never
    report a Content-Security-Policy violation (Chromium logs each one to the console).

    `goto` and `submit` check the page they land on. Anything else is delegated to the Playwright page;
    a navigation that happens another way is recorded by the `load` listener, and the test fails at
    teardown if such a page was never checked (call `check()` after it).
    """

    def __init__(self, page):
        self.page = page
        self._loads: list[str] = []
        self._unchecked: list[str] = []
        self._csp_violations: list[str] = []
        page.on("console", self._on_console)
        # Preload axe-core into every document of the page, so a check costs one evaluate call.
        page.add_init_script(path=str(AXE_PATH))
        page.on("load", self._on_load)

    def _on_load(self, frame_page) -> None:
        self._loads.append(frame_page.url)
        self._unchecked.append(frame_page.url)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self._csp_violations.append(f"{self.page.url}: {message.text}")

    def __getattr__(self, name):
        return getattr(self.page, name)

    def check(self) -> None:
        check_accessibility(self.page)
        self._unchecked.clear()
        self.assert_no_csp_violation()

    def assert_no_csp_violation(self) -> None:
        if self._csp_violations:
            found, self._csp_violations = self._csp_violations, []
            pytest.fail("Content Security Policy violation(s):\n" + "\n".join(found), pytrace=False)

    def goto(self, url: str, **kwargs):
        response = self.page.goto(url, **kwargs)
        self.check()
        return response

    def submit(self, locator) -> None:
        """Click a submit button (or any element that navigates) and check the page the browser lands on."""
        with self.page.expect_navigation():
            locator.click()
        self.check()

    @property
    def visited(self) -> list[str]:
        return list(self._loads)

    def assert_every_page_checked(self) -> None:
        self.assert_no_csp_violation()
        if self._unchecked:
            pytest.fail(f"pages loaded but never checked with axe-core: {self._unchecked}", pytrace=False)
