"""English as the second language: a complete catalog, compiled, and pages that switch when English is chosen."""

import gettext
import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

_spec = importlib.util.spec_from_file_location(
    "translations_check", Path(settings.BASE_DIR) / "scripts" / "translations_check.py"
)
assert _spec is not None
assert _spec.loader is not None
translations_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translations_check)


def test_english_catalog_has_no_untranslated_fuzzy_or_mismatched_entries():
    assert translations_check.problems(PO) == []


def test_compiled_catalog_holds_every_entry_of_the_po_file():
    """Fails when the .po was changed without running compilemessages (the .mo is what Django reads)."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    for entry in translations_check.parse_po(PO):
        if not entry.msgid or entry.obsolete:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            assert compiled.get(key) == entry.msgstr[0], entry.msgid
        else:
            assert compiled.get((key, 1)) == entry.msgstr[1], entry.msgid


def test_the_check_script_reports_missing_fuzzy_and_broken_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        'msgid "Gem"\nmsgstr "Save"\n\n'
        'msgid "Luk"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Åbn"\nmsgstr "Open"\n\n'
        'msgid "Sag %(ref)s"\nmsgstr "Case %(rf)s"\n\n'
        'msgid "%(n)s sag"\nmsgid_plural "%(n)s sager"\nmsgstr[0] "one case"\nmsgstr[1] "%(n)s cases"\n',
        encoding="utf-8",
    )
    found = "\n".join(translations_check.problems(po))
    assert "'Luk' is untranslated" in found
    assert "'Åbn' is fuzzy" in found
    assert "'Sag %(ref)s': placeholders" in found
    assert "Gem" not in found
    assert "sag'" not in found  # a singular form may leave out the count
    assert translations_check.main([str(po)]) == 1


@pytest.mark.django_db
def test_danish_is_the_default(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="da"' in html
    assert "Log ind" in html
    assert "Adgangskode" in html


@pytest.mark.django_db
def test_choosing_english_translates_the_login_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("accounts:login")})
    assert response.status_code == 302
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en"' in html
    assert "Log in" in html
    assert "Password" in html
    assert "Username" in html
    assert "Adgangskode" not in html


@pytest.mark.django_db
def test_accept_language_english_gives_english_on_a_fresh_client(client):
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html
    assert "Password" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("supplier_user", "Overview for suppliers"),
        ("consultant", "Overview – consultant"),
        ("leader", "Overview – manager"),
        ("fagadmin", "Overview – content administrator"),
        ("myndighed", "Overview for municipal case workers"),
    ],
)
def test_dashboard_is_in_english_for_every_role(client_for, role, heading):
    client = client_for(role)
    client.post("/i18n/setlang/", {"language": "en"})
    html = client.get(reverse("core:dashboard")).content.decode()
    assert '<html lang="en"' in html
    assert heading in html
    assert "Log out" in html
    assert "Log ud" not in html
    assert "Skip to main content" in html
