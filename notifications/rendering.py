"""One template per kind of e-mail → subject, plain-text part and HTML part.

`templates/notifications/<kind>.html` extends `base_email.html` and fills `{% block subject %}` (rendered into
<title>) and `{% block body %}`. It is rendered once, as HTML with autoescaping; the subject is the text of
<title>, and the plain-text part is the rendered page converted by `html_to_text`. So the prose is written once,
translated once, and a supplier's name can never reach the HTML part unescaped, while the text part and the
subject show it as written ("Bostedet & Co", not "Bostedet &amp; Co").

Rendering happens in settings.LANGUAGE_CODE: a worker has no user session, and a request in English must not
send a Danish supplier an English e-mail.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.template.loader import get_template
from django.utils import translation

SUBJECT_MAX_LENGTH = 200  # Notification.subject


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def template_name(kind: str) -> str:
    return f"notifications/{kind}.html"


def email_render(*, kind: str, context: dict[str, Any]) -> RenderedEmail:
    """Render the e-mail of `kind` with `context` in the site's language: one line of subject, text, HTML."""
    with translation.override(settings.LANGUAGE_CODE):
        html = get_template(template_name(kind)).render(context).strip()
    converted = html_to_text(html)
    return RenderedEmail(subject=converted.title[:SUBJECT_MAX_LENGTH].rstrip(), text=converted.text, html=html)


@dataclass(frozen=True)
class TextVersion:
    title: str
    text: str


# Elements that end a paragraph in the text part, and those whose content is not part of the text.
_BLOCKS = frozenset(
    {"p", "div", "ul", "ol", "blockquote", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "body", "html", "hr"}
)
_HIDDEN = frozenset({"head", "style", "script"})
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace (not the no-break space)
_SPACES = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_PARAGRAPH = "\x00"  # marks a paragraph break while the pieces are collected


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.title: list[str] = []
        self.hidden = 0
        self.in_title = False
        self.links: list[tuple[str, int]] = []  # (href, where its label starts in pieces)
        self.quotes: list[int] = []  # where each open blockquote starts in pieces

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.pieces.append("\n")
        elif tag == "li":
            self.pieces.append("\n- ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.pieces)))
        elif tag in _BLOCKS:
            self.pieces.append(_PARAGRAPH)
            if tag == "blockquote":
                self.quotes.append(len(self.pieces))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.pieces[start:]).strip()
            if href and href != label:
                self.pieces[start:] = [f"{label}: {href}" if label else href]
        elif tag in _BLOCKS:
            if tag == "blockquote" and self.quotes:
                start = self.quotes.pop()
                quoted = _paragraphs("".join(self.pieces[start:]))
                self.pieces[start:] = ["\n".join(f"> {line}".rstrip() for line in quoted.split("\n"))]
            self.pieces.append(_PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.pieces.append(_WHITESPACE.sub(" ", data))


def _paragraphs(joined: str) -> str:
    """Lines stripped, one blank line between paragraphs, none at either end."""
    paragraphs = []
    for chunk in joined.split(_PARAGRAPH):
        lines = [_SPACES.sub(" ", line).strip() for line in chunk.split("\n")]
        text = _BLANK_LINES.sub("\n\n", "\n".join(lines).strip("\n"))
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def html_to_text(html: str) -> TextVersion:
    """The plain-text reading of an e-mail's HTML: deterministic, and entities decoded (the text is not HTML).

    Paragraphs (and other blocks) are separated by a blank line, `<br>` starts a new line, list items are
    "- " lines, a blockquote's lines start with "> ", a link reads "label: URL" (the full URL, as rendered),
    and what is in <head> is left out except <title>, returned on one line as `title`.
    """
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    return TextVersion(title=" ".join("".join(writer.title).split()), text=_paragraphs("".join(writer.pieces)))
