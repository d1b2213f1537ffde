"""One CLI call is bounded: an article or text over the size limit is refused before it is read whole."""

from __future__ import annotations

import pytest

from geodata.text.article import MAX_BYTES, MAX_CHARS
from tests.test_cli import assert_clean_error, run


@pytest.mark.parametrize("command", [["events", "--published", "2024-10-18"], ["places"]])
def test_a_file_over_the_byte_limit_is_refused(tmp_path, command):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Troops moved to Kyiv. " * (MAX_BYTES // 22 + 10))
    assert_clean_error(run(*command[:1], str(path), *command[1:]), "huge.txt", "larger than 5 MB")


def test_stdin_over_the_byte_limit_is_refused():
    assert_clean_error(run("places", "-", stdin=b"x" * (MAX_BYTES + 1)), "stdin", "larger than 5 MB")


def test_an_article_over_the_text_limit_is_refused(tmp_path):
    path = tmp_path / "book.html"
    paragraph = "<p>" + "Kyiv " * 100 + "</p>"
    path.write_text("<html><body>" + paragraph * (MAX_CHARS // 500 + 10) + "</body></html>", encoding="utf-8")
    assert_clean_error(run("events", str(path), "--published", "2024-10-18"), "book.html", "at most 1,000,000")
