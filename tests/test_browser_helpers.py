"""The browser helpers themselves: axe-core must really fail a test on a serious violation."""

import pytest

from .browser import CheckedPage, axe_violations, check_accessibility

pytestmark = pytest.mark.browser

INACCESSIBLE = """<!DOCTYPE html><html lang="da"><head><title>Test</title></head><body><main>
<h1>Formular</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<form><input type="text" name="q"><button type="submit"></button></form>
</main></body></html>"""

ACCESSIBLE = """<!DOCTYPE html><html lang="da"><head><title>Test</title></head><body><main>
<h1>Formular</h1><form><label for="q">Søg</label><input id="q" type="text" name="q">
<button type="submit">Søg</button></form></main></body></html>"""


@pytest.fixture
def raw_page(chromium):
    context = chromium.new_context()
    yield context.new_page()
    context.close()


def test_check_accessibility_fails_on_serious_violations(raw_page):
    raw_page.set_content(INACCESSIBLE)
    with pytest.raises(pytest.fail.Exception) as exc_info:
        check_accessibility(raw_page)
    message = str(exc_info.value)
    assert "image-alt" in message
    assert "label" in message
    assert "button-name" in message
    assert "img" in message  # the target node is named


def test_check_accessibility_passes_a_clean_page(raw_page):
    raw_page.set_content(ACCESSIBLE)
    check_accessibility(raw_page)
    assert axe_violations(raw_page) == []


def test_checked_page_fails_when_a_loaded_page_was_never_checked(raw_page):
    page = CheckedPage(raw_page)
    raw_page.set_content('<html lang="da"><title>t</title><main><h1>x</h1></main></html>')
    raw_page.wait_for_load_state("load")
    page.page.evaluate("() => 1")  # let the load event reach the listener
    with pytest.raises(pytest.fail.Exception, match="never checked"):
        page.assert_every_page_checked()
    page.check()
    page.assert_every_page_checked()


def test_checked_page_fails_on_a_content_security_policy_violation(raw_page):
    """A page served with a strict policy that still carries an inline script fails the check."""
    body = '<!DOCTYPE html><html lang="da"><head><title>t</title></head><body><main><h1>x</h1>'
    raw_page.route(
        "http://csp.test/**",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": "script-src 'self'"},
            body=body + "<script>document.title = 'ran';</script></main></body></html>",
        ),
    )
    page = CheckedPage(raw_page)
    with pytest.raises(pytest.fail.Exception, match="Content Security Policy"):
        page.goto("http://csp.test/")
    assert raw_page.title() == "t"
