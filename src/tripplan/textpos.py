"""Where in a trip file's text a syntax problem lies, for the located ``F003``/``F004``.

The parsers say *what* is wrong; some do not say *where* (tomli at the end of a truncated
document, Python's json for a repeated key). These scanners find the place a person
should look at: the string, table or array left open, the repeated key.

>>> toml_end_at("id = 't'\\ntitle = '''T\\n\\nmore")
(2, 9)
>>> toml_end_at('id = "t"\\nitems = [\\n  { a = 1 },\\n')
(2, 9)
>>> toml_end_at('id = "t"\\ntitle')
(2, 1)
"""

from __future__ import annotations


def line_col(text: str, at: int) -> tuple[int, int]:
    """Line and column (from 1) of character ``at`` of ``text``."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def toml_end_at(text: str) -> tuple[int, int]:
    """Where a TOML document that ends too early went wrong: the start of the string, array
    or inline table left open, else the start of the last line written."""
    opened: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "\"'":
            end = _string_end(text, i)
            if end < 0:
                return line_col(text, i)
            i = end
            continue
        if c in "[{" and not _table_header(text, i):
            opened.append(i)
        elif c in "]}" and opened:
            opened.pop()
        i += 1
    if opened:
        return line_col(text, opened[-1])
    stripped = text.rstrip()
    last = stripped.rfind("\n") + 1
    while last < len(stripped) and stripped[last] in " \t":
        last += 1
    return line_col(text, last)


def _table_header(text: str, i: int) -> bool:
    """``[`` at ``i`` opens a ``[table]`` header (first on its line), not an array."""
    start = text.rfind("\n", 0, i) + 1
    return text[start:i].strip() == "" and text[i] == "[" and "=" not in text[start:i]


def _string_end(text: str, i: int) -> int:
    """Index just past the TOML string starting at ``i``, or -1 when it is not closed on its
    line (a single-line string) or at all (a multi-line one)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        j = i + 3
        while True:
            j = text.find(quote * 3, j)
            if j < 0:
                return -1
            if quote == "'" or not _escaped(text, j):
                end = j + 3
                while end < len(text) and text[end] == quote:
                    end += 1
                return end
            j += 1
    j = i + 1
    while j < len(text):
        c = text[j]
        if c == "\n":
            return -1
        if c == "\\" and quote == '"':
            j += 2
            continue
        if c == quote:
            return j + 1
        j += 1
    return -1


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - 1 - backslashes >= 0 and text[at - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def json_duplicate_at(text: str, key: str) -> tuple[int | None, int | None]:
    """Line and column of the second ``"key":`` in one JSON object (the one to remove).

    >>> json_duplicate_at('{"a": 1,\\n "b": {"a": 2}, "a": 3}', "a")
    (2, 17)
    """
    from json.decoder import scanstring

    stack: list[set[str] | None] = []
    i = 0
    try:
        while i < len(text):
            c = text[i]
            if c == '"':
                value, end = scanstring(text, i + 1)
                j = end
                while j < len(text) and text[j] in " \t\r\n":
                    j += 1
                if stack and stack[-1] is not None and j < len(text) and text[j] == ":":
                    if value == key and value in stack[-1]:
                        line = text.count("\n", 0, i) + 1
                        return line, i - (text.rfind("\n", 0, i) + 1) + 1
                    stack[-1].add(value)
                i = end
                continue
            if c == "{":
                stack.append(set())
            elif c == "[":
                stack.append(None)
            elif c in "]}" and stack:
                stack.pop()
            i += 1
    except ValueError:  # a broken string further on: the key is found before it or not at all
        pass
    return None, None


