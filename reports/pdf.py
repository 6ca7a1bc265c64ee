"""Render a Django template to an archivable, tagged PDF/A with WeasyPrint, and send it as a download.

Every report extends templates/reports/base.html and gets the print stylesheet static/reports/print.css
(A4, running header and "Side X af Y" footer, Danish typography). Fonts are the design system's IBM Plex
Sans (OFL, from node_modules/dkfds, which the production image copies in) with DejaVu Sans as fallback;
WeasyPrint embeds a subset of every font it uses, which PDF/A requires.

Rendering never touches the network: the URL fetcher only reads files under the report assets and the
font directory, so text from users cannot make the server fetch anything.

What does not depend on the document is made once per worker process (per thread, as WeasyPrint's font
configuration is not shared between threads): the font configuration with the @font-face fonts loaded, the
two stylesheets parsed and their selectors compiled, and the URL fetcher; that saves about a tenth of the
CPU time of each render of a decision after the first. Everything alive once the kit is made is frozen out
of the cyclic garbage collector's full collections (gc.freeze), which saves another tenth. The key of what
is kept holds print.css's modification time and whether the font folder exists, so an edited stylesheet or
fonts installed later are picked up without a restart.
"""

import datetime
import functools
import gc
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, path2url

STYLESHEET = "reports/print.css"
FONT_DIR = Path(settings.BASE_DIR) / "node_modules" / "dkfds" / "dist" / "fonts" / "IBMPlexSans" / "complete" / "ttf"
# (file stem, font-weight, font-style) of the IBM Plex Sans faces the stylesheet uses.
FONT_FACES = (
    ("IBMPlexSans-Regular", 400, "normal"),
    ("IBMPlexSans-Italic", 400, "italic"),
    ("IBMPlexSans-SemiBold", 600, "normal"),
    ("IBMPlexSans-SemiBoldItalic", 600, "italic"),
    ("IBMPlexSans-Bold", 700, "normal"),
    ("IBMPlexSans-BoldItalic", 700, "italic"),
)
GENERATOR = "Specialisering (WeasyPrint)"


@functools.cache
def _stylesheet_path() -> Path:
    """Where print.css is (the static finders are searched once per process)."""
    found = finders.find(STYLESHEET)
    return Path(found if isinstance(found, str) else Path(settings.BASE_DIR) / "static" / STYLESHEET)


def _font_face_css() -> str:
    """@font-face rules for the IBM Plex Sans files that exist; empty when the design system is not installed."""
    rules = []
    for stem, weight, style in FONT_FACES:
        path = FONT_DIR / f"{stem}.ttf"
        if path.is_file():
            rules.append(
                f'@font-face {{ font-family: "Report Sans"; src: url("{path2url(str(path))}");'
                f" font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)


class LocalFileFetcher(URLFetcher):
    """Fetches file: URLs below the given folders (and data: URLs); refuses everything else."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=False)
        self._roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: Any = None):
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise ValueError(f"reports may only read their own assets, not {url}")
        return super().fetch(url, headers)


@dataclass(frozen=True)
class RenderKit:
    """What every report is rendered with; made once per process and thread by render_kit()."""

    key: tuple
    base_url: str
    fetcher: LocalFileFetcher
    font_config: FontConfiguration
    stylesheets: tuple[CSS, ...]


_kits = threading.local()


def _kit_key() -> tuple:
    stylesheet = _stylesheet_path()
    try:
        mtime = stylesheet.stat().st_mtime_ns
    except OSError:
        mtime = None
    return (str(stylesheet), mtime, FONT_DIR.is_dir())


def render_kit() -> RenderKit:
    """The font configuration, parsed stylesheets and URL fetcher of this thread, made on first use.

    The stylesheets are parsed with the kit's own font configuration (that is where their @font-face fonts
    are registered), so the three always go together; a new kit is made only when the key changes.
    """
    key = _kit_key()
    kit: RenderKit | None = getattr(_kits, "kit", None)
    if kit is None or kit.key != key:
        stylesheet = Path(key[0])
        fetcher = LocalFileFetcher([stylesheet.parent, FONT_DIR, Path(settings.BASE_DIR) / "static" / "reports"])
        font_config = FontConfiguration()
        stylesheets = (
            CSS(string=_font_face_css(), font_config=font_config, url_fetcher=fetcher),
            CSS(filename=str(stylesheet), font_config=font_config, url_fetcher=fetcher),
        )
        kit = RenderKit(key, str(stylesheet.parent), fetcher, font_config, stylesheets)
        _kits.kit = kit
        # What is alive now (Django, WeasyPrint, fonts, the kit) lives as long as the worker; a render makes
        # so many objects that the garbage collector's full collections, which walk all of it, came about
        # every other render and took a tenth of its CPU time. Frozen objects are left out of those walks.
        gc.freeze()
    return kit


def render_html(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str = "",
    subject: str = "",
    lang: str = "da",
    created: datetime.datetime | None = None,
):
    """The report as HTML (what WeasyPrint gets); useful on its own for debugging a layout in a browser.

    `created` (default: now) is the document's creation date in the metadata. A report that must come out
    byte for byte the same each time it is rendered (an archived decision) passes a fixed moment.
    """
    meta = {
        "title": title,
        "author": author,
        "subject": subject,
        "lang": lang,
        # Seconds are enough for the archive; WeasyPrint reads this W3C date into /CreationDate and XMP.
        "created": timezone.localtime(created).replace(microsecond=0).isoformat(),
        "generator": GENERATOR,
    }
    with translation.override(lang):
        return get_template(template_name).render({**context, "pdf": meta})


def render_pdf(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str = "",
    subject: str = "",
    lang: str = "da",
    variant: str = "pdf/a-3a",
    created: datetime.datetime | None = None,
) -> bytes:
    """Render `template_name` (which should extend reports/base.html) to PDF bytes.

    The default variant is PDF/A-3A: archivable, tagged (a structure tree for screen readers and reflow),
    fonts embedded, with title, author, subject, language and creation date in the document metadata.
    Callers check permissions; this function only renders what it is given.
    """
    html = render_html(template_name, context, title=title, author=author, subject=subject, lang=lang, created=created)
    kit = render_kit()
    document = HTML(string=html, base_url=kit.base_url, url_fetcher=kit.fetcher)
    return document.write_pdf(stylesheets=list(kit.stylesheets), font_config=kit.font_config, pdf_variant=variant)


_ASCII_FOR = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa", "ß": "ss"})


def ascii_filename(filename: str) -> str:
    """A filename any browser and file system accepts: Danish letters spelt out, everything odd → '-'."""
    text = unicodedata.normalize("NFKD", filename.translate(_ASCII_FOR)).encode("ascii", "ignore").decode()
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "dokument"
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext)
    return f"{stem[:120]}.{ext}" if ext else stem[:120]


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A download of `pdf`: an ASCII filename for old clients plus the UTF-8 name (RFC 6266 / 5987)."""
    if not filename.lower().endswith(".pdf"):
        filename += ".pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["Content-Length"] = str(len(pdf))
    response["X-Content-Type-Options"] = "nosniff"
    # The reports hold case data: never keep them in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def date_for_filename(moment: datetime.datetime | datetime.date) -> str:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d")
