"""The small text format of the public statements (tilgængelighedserklæring, privatlivspolitik).

The fagadministrator writes plain text; this module turns it into blocks a template renders with
auto-escaping, so no HTML typed by anyone ever reaches the page. The format, one rule per line:

- `## Overskrift` and `### Underoverskrift` are headings (level 2 and 3; the page title is the h1);
- lines starting with `- ` (or `* `) form a bulleted list;
- other lines form paragraphs; an empty line ends a paragraph or a list;
- `[tekst](https://…)` inside any line is a link; only https, http and mailto addresses become links,
  anything else stays as the literal text.

Pure Python, no Django import.
"""

import re
from dataclasses import dataclass, field
from typing import Literal

LINK_RE = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)\)")
ALLOWED_SCHEMES = ("https://", "http://", "mailto:")


@dataclass(frozen=True)
class Segment:
    """A run of text; `url` set means it is a link."""

    text: str
    url: str = ""


@dataclass
class Block:
    """A heading (level 2/3), a paragraph, or a list (items, each a list of segments)."""

    kind: Literal["heading", "paragraph", "list"]
    level: int = 0
    segments: list[Segment] = field(default_factory=list)
    items: list[list[Segment]] = field(default_factory=list)


def inline_segments(text: str) -> list[Segment]:
    """Split a line into text and link segments; a link with a disallowed address stays literal text."""
    segments: list[Segment] = []
    position = 0
    for match in LINK_RE.finditer(text):
        label, url = match.group(1), match.group(2)
        if not url.lower().startswith(ALLOWED_SCHEMES):
            continue
        if match.start() > position:
            segments.append(Segment(text[position : match.start()]))
        segments.append(Segment(label, url))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:]))
    return _merge_text(segments)


def _merge_text(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if merged and not segment.url and not merged[-1].url:
            merged[-1] = Segment(merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def parse_statement(body: str) -> list[Block]:
    """The blocks of a statement body, in order. Never fails: any text gives some blocks."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[list[Segment]] | None = None

    def flush() -> None:
        nonlocal paragraph, items
        if paragraph:
            blocks.append(Block("paragraph", segments=inline_segments(" ".join(paragraph))))
            paragraph = []
        if items:
            blocks.append(Block("list", items=items))
        items = None

    for raw in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("### ") or line.startswith("## "):
            flush()
            level = 3 if line.startswith("### ") else 2
            blocks.append(Block("heading", level=level, segments=inline_segments(line[level + 1 :].strip())))
        elif line.startswith(("- ", "* ")):
            if paragraph:
                flush()
            if items is None:
                items = []
            items.append(inline_segments(line[2:].strip()))
        elif items is not None:
            # A line under a list item without a bullet continues that item.
            last = items[-1]
            items[-1] = _merge_text([*last, Segment(" "), *inline_segments(line)])
        else:
            paragraph.append(line)
    flush()
    return blocks
