"""Limits checked before parsing, so that no input can exhaust memory or the stack.

``tomllib`` recurses once per level of nested arrays and inline tables, and spends
memory quadratic in the number of parts of a dotted key (``a.a.a…``); a hostile or
corrupted file could crash the process or take the machine's memory. No valid scenario
comes near these limits (the format nests five levels at most), so refusing beyond them
costs a user nothing and turns a crash into a located error.
"""

from __future__ import annotations

import re

from accord.errors import ScenarioError

MAX_BYTES = 1 << 20
"""Largest scenario file read (1 MiB; the bundled ones are under 20 KiB)."""

MAX_DEPTH = 32
"""Deepest nesting of arrays and inline tables accepted."""

MAX_KEY_PARTS = 32
"""Most parts of one dotted key accepted."""


def check_limits(text: str, file: str) -> None:
    """Raise :class:`ScenarioError` at the first line that nests or dots too deeply.

    A linear, lexical scan: strings and comments are skipped, brackets counted, and the
    dots of a key counted until something other than a key part follows.
    """
    depth, dots, line, i, n = 0, 0, 1, 0, len(text)
    while True:
        m = _SPECIAL.search(text, i)
        if m is None:
            return
        i, c = m.start(), m.group()
        if c == "\n":
            line += 1
            dots = 0
        elif c == "#":
            i = text.find("\n", i)
            if i < 0:
                return
            continue
        elif c in "\"'":
            m = _STRINGS[text.startswith(c * 3, i), c].match(text, i)
            if m is None:  # an unclosed string: tomllib reports it; skip to the line's end
                end = text.find("\n", i)
                i = n if end < 0 else end
            else:
                line += text.count("\n", i, m.end())
                i = m.end()
            continue
        elif c in "[{":
            depth += 1
            dots = 0
            if depth > MAX_DEPTH:
                _refuse(file, line, f"arrays or inline tables nested more than {MAX_DEPTH} deep")
        elif c in "]}":
            depth = max(depth - 1, 0)
            dots = 0
        elif c == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                _refuse(file, line, f"a dotted key of more than {MAX_KEY_PARTS} parts")
        else:  # "=" or ","
            dots = 0
        i += 1


_SPECIAL = re.compile(r"[\n#\"'\[\]{}.=,]")

_STRINGS = {
    (True, '"'): re.compile(r'"""(?:[^\\]|\\.)*?"""', re.DOTALL),
    (False, '"'): re.compile(r'"(?:[^"\\\n]|\\.)*"'),
    (True, "'"): re.compile(r"'''.*?'''", re.DOTALL),
    (False, "'"): re.compile(r"'[^'\n]*'"),
}


def _refuse(file: str, line: int, what: str) -> None:
    raise ScenarioError(
        f"{file}:{line}: {what}; expected a scenario as documented in docs/scenario-format.md",
        file=file,
        line=line,
    )
