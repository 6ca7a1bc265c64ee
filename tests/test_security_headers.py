"""Content-Security-Policy on every kind of page, and templates that need no inline script or style.

The policy forbids inline script and inline style, so a template that slips an inline `<script>`, an `on*=`
handler or a `style=` attribute back in breaks in the browser; `test_no_template_has_inline_script_or_style`
catches that before a browser test does.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def directives(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']} ({response.status_code})"
    parts = [p.strip().split(None, 1) for p in header.split(";") if p.strip()]
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


def assert_strict_policy(response) -> None:
    found = directives(response)
    for name, value in REQUIRED.items():
        assert found.get(name) == value, f"{name}: {found.get(name)!r} (want {value!r})"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def test_login_page_for_an_anonymous_visitor_has_a_strict_content_security_policy(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert_strict_policy(response)


@pytest.mark.parametrize("role", ["supplier_user", "consultant", "leader", "fagadmin", "myndighed"])
def test_every_roles_dashboard_has_a_strict_content_security_policy(role, client_for):
    response = client_for(role).get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert_strict_policy(response)


def test_a_form_page_has_a_strict_content_security_policy(client_for):
    response = client_for("consultant").get(reverse("assessments:case_create"))
    assert response.status_code == 200
    assert b"<form" in response.content
    assert_strict_policy(response)


def test_not_found_and_forbidden_pages_have_a_strict_content_security_policy(client_for):
    client = client_for("myndighed")
    not_found = client.get("/findes-ikke/")
    assert not_found.status_code == 404
    assert_strict_policy(not_found)
    forbidden = client.get(reverse("suppliers:list"))
    assert forbidden.status_code == 403
    assert_strict_policy(forbidden)


@pytest.mark.urls("tests.error_urls")
def test_server_error_page_has_a_strict_content_security_policy(client):
    client.raise_request_exception = False
    response = client.get("/test-boom/")
    assert response.status_code == 500
    assert_strict_policy(response)


def test_health_check_has_a_strict_content_security_policy(client):
    assert_strict_policy(client.get(reverse("core:health")))


# --- templates ---------------------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
INLINE_STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


def served_templates() -> list[Path]:
    """Every HTML template a browser may get: e-mail bodies (templates/notifications) and the PDF layouts
    (templates/reports, rendered by WeasyPrint, never served as HTML) are not web pages."""
    base = Path(settings.BASE_DIR)
    found = [p for p in base.glob("templates/**/*.html") if not {"notifications", "reports"} & set(p.parts)]
    found += [p for p in base.glob("*/templates/**/*.html") if "node_modules" not in p.parts]
    return sorted(found)


def test_no_template_has_inline_script_or_style():
    templates = served_templates()
    assert len(templates) > 50, "the template walk found too little: is it broken?"
    offenders = []
    for path in templates:
        text = path.read_text()
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("on*= handler", EVENT_HANDLER),
            ("style= attribute", STYLE_ATTRIBUTE),
            ("<style> element", INLINE_STYLE_ELEMENT),
        ):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {name}")
    assert offenders == []
