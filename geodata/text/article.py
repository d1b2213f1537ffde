"""Article files in: plain text, Markdown or HTML reduced to its text. Untrusted input, checked first."""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_BYTES = 5_000_000
"""Largest article file (HTML markup included). A news article is tens of kilobytes; this bounds the memory
and time one upload, paste or CLI call can cost a shared server."""
MAX_CHARS = 1_000_000
"""Largest article text, after HTML is reduced to text: about 150,000 words, a book. Longer is refused with a
message (split it into chapters), the same on the page, in an upload and on the CLI."""
SUFFIXES = (".txt", ".md", ".html", ".htm")


class ArticleError(ValueError):
    """An upload or file that is not a readable article; the message says why, for the person reading it."""


def read_article(data: bytes, name: str = "article") -> str:
    """The article's text from an uploaded or read file's bytes."""
    if len(data) > MAX_BYTES:
        raise ArticleError(too_big_message(name, len(data)))
    if b"\x00" in data:
        raise ArticleError(f"{name} is a binary file, not text.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise ArticleError(f"{name} is not in a text encoding we can read.")
    return article_text(text, name)


def too_big_message(name: str, size: int) -> str:
    return f"{name} is {size / 1e6:.1f} MB; an article must be under {MAX_BYTES // 1_000_000} MB."


def article_text(text: str, name: str = "article") -> str:
    """The article in already decoded text: HTML reduced to its text, not empty and not longer than MAX_CHARS."""
    if len(text) > MAX_BYTES:
        raise ArticleError(too_big_message(name, len(text)))
    if name.lower().endswith((".html", ".htm")) or _looks_like_html(text):
        text = html_to_text(text)
    text = text.strip()
    if not text:
        raise ArticleError(f"{name} has no text.")
    if len(text) > MAX_CHARS:
        raise ArticleError(f"{name} has {len(text):,} characters of text; an article must have at most "
                           f"{MAX_CHARS:,}. Split it into parts (chapters) and add each one.")
    return text


def _looks_like_html(text: str) -> bool:
    return bool(re.match(r"\s*(?:<!doctype html|<html\b)", text, re.IGNORECASE))


class _TextOnly(HTMLParser):
    """Collects visible text, with paragraph breaks where blocks end; drops scripts, styles and navigation."""

    SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg"}
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr",
              "blockquote", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
