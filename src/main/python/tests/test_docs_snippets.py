"""Every ``python`` block of docs/*.md runs, against the session's Pravega and the SQL jar.

``tcp://localhost:9090`` in the docs becomes the test Pravega's URI, and
``file:///path/to/flink-connector-pravega-<version>-sql.jar`` the built jar. A ``text`` block
right after a ``python`` block (only blank lines between) is what the block prints, lines in any
order. Each block runs on its own, as a reader would copy it.
"""

import contextlib
import io
import re
from pathlib import Path
from typing import List, NamedTuple, Optional

import pytest

from conftest import PROJECT_ROOT

DOCS_CONTROLLER_URI = "tcp://localhost:9090"
DOCS_JAR_URL = re.compile(r"file:///path/to/flink-connector-pravega-[^\"']*-sql\.jar")


class Snippet(NamedTuple):
    language: str
    text: str
    line: int
    expected_output: Optional[str]


def snippets(markdown: str) -> List[Snippet]:
    """The fenced blocks of a Markdown text, in order, each with the output block after it."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    blocks = []  # (language, text, first line index, closing line index)
    i = 0
    while i < len(lines):
        opening = lines[i].strip()
        if not opening.startswith("```"):
            i += 1
            continue
        start = i
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise ValueError("code block at line %d is not closed" % (start + 1))
        blocks.append((opening[3:].strip(), "\n".join(body) + "\n", start, i))
        i += 1
    result = []
    for b, (language, text, start, end) in enumerate(blocks):
        output = None
        if b + 1 < len(blocks):
            next_language, next_text, next_start, _ = blocks[b + 1]
            if next_language == "text" and all(not l.strip() for l in lines[end + 1:next_start]):
                output = next_text
        result.append(Snippet(language, text, start + 1, output))
    return result


def printed_lines(text: str) -> List[str]:
    return sorted(line.rstrip() for line in text.splitlines() if line.strip())


DOCUMENTS = sorted((PROJECT_ROOT / "docs").glob("*.md"))


def test_snippet_parser_pairs_blocks_with_their_output():
    doc = "```python\nprint(1)\n```\n\n```text\n1\n```\nprose\n```python\nx = 2\n```\n"
    assert snippets(doc) == [Snippet("python", "print(1)\n", 1, "1\n"),
                             Snippet("text", "1\n", 5, None),
                             Snippet("python", "x = 2\n", 9, None)]


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_python_snippets_run_and_print_what_the_docs_show(document: Path, pravega_uri,
                                                          sql_jar_url):
    for snippet in snippets(document.read_text(encoding="utf-8")):
        if snippet.language != "python":
            continue
        code = DOCS_JAR_URL.sub(sql_jar_url,
                                snippet.text.replace(DOCS_CONTROLLER_URI, pravega_uri))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "%s:%d" % (document.name, snippet.line), "exec"),
                 {"__name__": "__docs__"})
        if snippet.expected_output is not None:
            assert printed_lines(out.getvalue()) == printed_lines(snippet.expected_output), \
                "%s, python block at line %d" % (document.name, snippet.line)
