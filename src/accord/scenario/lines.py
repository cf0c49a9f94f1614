"""Where each value of a TOML document sits: field path → source line.

``tomllib`` returns plain dicts without positions, yet a schema error is only useful to
a person if it points at a line. This scanner walks a document that ``tomllib`` has
already accepted and records the line of every key, table header and array element,
keyed by the same path the validator reports (``("measures", 2, "phase_in", "tiers",
1, "start")``). It is iterative over tables and recursive only over inline values,
whose depth the guard has already bounded.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_left

Path = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Stop(Exception):
    """The text is not what a valid document would hold here; keep what was found."""


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[Path, int] = {}
        self.arrays_of_tables: dict[Path, int] = {}
        self.table: Path = ()

    def line_at(self, pos: int) -> int:
        return bisect_left(self.newlines, pos) + 1

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < self.n else ""

    def skip_blank(self, newlines: bool) -> None:
        while self.i < self.n:
            c = self.s[self.i]
            if c in " \t" or (newlines and c in "\r\n"):
                self.i += 1
            elif c == "#" and newlines:
                while self.i < self.n and self.s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def expect(self, token: str) -> None:
        if not self.s.startswith(token, self.i):
            raise _Stop
        self.i += len(token)

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            c = self.peek()
            if c in ('"', "'"):
                start = self.i + 1
                self.string()
                parts.append(self.s[start : self.i - 1])
            else:
                start = self.i
                while self.i < self.n and self.s[self.i] in _BARE:
                    self.i += 1
                if self.i == start:
                    raise _Stop
                parts.append(self.s[start : self.i])
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.i += 1

    def string(self) -> None:
        """Move past a string of any of TOML's four kinds."""
        q = self.s[self.i]
        if self.s.startswith(q * 3, self.i):
            j = self.i + 3
            while j < self.n and not self.s.startswith(q * 3, j):
                j += 2 if (q == '"' and self.s[j] == "\\") else 1
            j += 3
            extra = 0
            while j < self.n and self.s[j] == q and extra < 2:
                j, extra = j + 1, extra + 1
            self.i = j
            return
        j = self.i + 1
        while j < self.n and self.s[j] != q:
            j += 2 if (q == '"' and self.s[j] == "\\") else 1
        self.i = j + 1

    def record(self, base: Path, parts: list[str], line: int) -> Path:
        path = base
        for part in parts:
            path = (*path, part)
            self.lines.setdefault(path, line)
        return path

    def value(self, path: Path) -> None:
        c = self.peek()
        if c in ('"', "'"):
            self.string()
        elif c == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == "]":
                    self.i += 1
                    return
                item = (*path, index)
                self.lines[item] = self.line_at(self.i)
                self.value(item)
                index += 1
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.i += 1
                elif self.peek() != "]":
                    raise _Stop
        elif c == "{":
            self.i += 1
            self.skip_blank(newlines=False)
            if self.peek() == "}":
                self.i += 1
                return
            while True:
                self.skip_blank(newlines=False)
                line = self.line_at(self.i)
                full = self.record(path, self.key(), line)
                self.expect("=")
                self.skip_blank(newlines=False)
                self.value(full)
                self.skip_blank(newlines=False)
                if self.peek() == ",":
                    self.i += 1
                    continue
                self.expect("}")
                return
        else:
            while self.i < self.n and self.s[self.i] not in ",]}#\r\n":
                self.i += 1

    def header(self) -> None:
        line = self.line_at(self.i)
        many = self.s.startswith("[[", self.i)
        self.i += 2 if many else 1
        parts = self.key()
        self.expect("]]" if many else "]")
        resolved: Path = ()
        for k, part in enumerate(parts):
            resolved = (*resolved, part)
            if k < len(parts) - 1 and resolved in self.arrays_of_tables:
                resolved = (*resolved, self.arrays_of_tables[resolved] - 1)
            self.lines.setdefault(resolved, line)
        if many:
            index = self.arrays_of_tables.get(resolved, 0)
            self.arrays_of_tables[resolved] = index + 1
            resolved = (*resolved, index)
        self.lines[resolved] = line
        self.table = resolved

    def document(self) -> None:
        while True:
            self.skip_blank(newlines=True)
            if self.i >= self.n:
                return
            if self.peek() == "[":
                self.header()
                continue
            line = self.line_at(self.i)
            full = self.record(self.table, self.key(), line)
            self.lines[full] = line
            self.expect("=")
            self.skip_blank(newlines=False)
            self.value(full)


def source_lines(text: str) -> dict[Path, int]:
    """Line (1-based) of every key, table and array element of a valid TOML document.

    On text ``tomllib`` rejects, or nesting deeper than the interpreter allows, the
    lines found so far are returned: a missing line makes a message less precise,
    never wrong.
    """
    scanner = _Scanner(text)
    with contextlib.suppress(_Stop, RecursionError):
        scanner.document()
    return scanner.lines


def line_of(path: Path, lines: dict[Path, int]) -> int | None:
    """The line of ``path`` or, if it is absent (a missing field), of its nearest parent."""
    for k in range(len(path), 0, -1):
        found = lines.get(path[:k])
        if found is not None:
            return found
    return None
