"""Every regular expression in ``src/quizdeck``, found by reading the source, and strings to
attack each with.

A regex is named ``module.NAME`` when a module-level name holds it, else ``module: 'pattern'``
(a literal given straight to ``re.search`` and the like). ``pumps(pattern)`` makes the inputs
a backtracking regex is slow on: a unit of its own characters repeated, after a prefix that
starts a match, before a character that ends it in failure.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from import_graph import module_files

if sys.version_info >= (3, 11):
    from re import _constants as sre_constants
    from re import _parser as sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

_CALLS = {"compile", "match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"}


@dataclass(frozen=True)
class Found:
    name: str
    pattern: re.Pattern[str] | None  # None: built from escaped text at run time


def regexes() -> Iterator[Found]:
    """Each regex of the package, once."""
    for module, path in sorted(module_files().items()):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        named = _module_level_names(tree)
        for node in ast.walk(tree):
            if not _is_re_call(node):
                continue
            assert isinstance(node, ast.Call)
            if id(node) in named:
                name = named[id(node)]
                yield Found(f"{module}.{name}", getattr(importlib.import_module(module), name))
            elif node.args and isinstance(node.args[0], ast.Constant):
                pattern = re.compile(str(node.args[0].value), _flags(node))
                yield Found(f"{module}: {pattern.pattern}", pattern)
            elif node.args and _is_re_call(node.args[0]):
                continue  # re.sub(r"\s+", ...) over re.compile: the inner call is the regex
            else:
                yield Found(f"{module}: {ast.unparse(node.args[0])}", None)


def _is_re_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
        and node.func.attr in _CALLS
    )


def _module_level_names(tree: ast.Module) -> dict[int, str]:
    """``NAME = re.compile(...)`` at module level: the call's id -> NAME."""
    found = {}
    for statement in tree.body:
        target = None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
        elif isinstance(statement, ast.AnnAssign):
            target = statement.target
        value = getattr(statement, "value", None)
        if isinstance(target, ast.Name) and value is not None and _is_re_call(value):
            found[id(value)] = target.id
    return found


def _flags(call: ast.Call) -> int:
    position = {"compile": 1, "match": 2, "search": 2, "fullmatch": 2, "findall": 2,
                "finditer": 2, "split": 3, "sub": 4, "subn": 4}  # fmt: skip
    assert isinstance(call.func, ast.Attribute)
    nodes = [kw.value for kw in call.keywords if kw.arg == "flags"]
    index = position[call.func.attr]
    nodes += call.args[index : index + 1]
    if not nodes:
        return 0
    return int(eval(compile(ast.Expression(nodes[0]), "<flags>", "eval"), {"re": re}))


# --- attack strings ------------------------------------------------------------------------

#: Characters every regex is attacked with, whatever it mentions.
_COMMON = " a1,.\n-"


def alphabet(pattern: re.Pattern[str]) -> str:
    """A few characters the pattern reads: its literals and one of each class it uses."""
    chars: dict[str, None] = {}
    for op, value in _walk(sre_parse.parse(pattern.pattern, pattern.flags)):
        if op is sre_constants.LITERAL and isinstance(value, int):
            chars[chr(value)] = None
        elif op is sre_constants.RANGE and isinstance(value, tuple):
            chars[chr(value[0])] = None
        elif op is sre_constants.CATEGORY:
            chars[_CATEGORY_SAMPLE.get(str(value), "a")] = None
    return "".join(chars)[:16]


_CATEGORY_SAMPLE = {
    "CATEGORY_DIGIT": "1", "CATEGORY_NOT_DIGIT": "x", "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "x", "CATEGORY_WORD": "a", "CATEGORY_NOT_WORD": "!",
}  # fmt: skip


#: The repeat opcodes (possessive ones are new in Python 3.11).
_REPEATS = tuple(
    getattr(sre_constants, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(sre_constants, name)
)


def _walk(parsed: object) -> Iterator[tuple[object, object]]:
    for op, value in parsed:  # type: ignore[attr-defined]
        yield op, value
        if op is sre_constants.IN:
            yield from value
        elif op in _REPEATS:
            yield from _walk(value[2])
        elif op is sre_constants.SUBPATTERN:
            yield from _walk(value[-1])
        elif op is sre_constants.BRANCH:
            for branch in value[1]:
                yield from _walk(branch)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            yield from _walk(value[1])


def literal_runs(pattern: re.Pattern[str]) -> list[str]:
    """Runs of literal characters in the pattern (`` in ``, ``{{c``): units worth pumping."""
    runs: list[str] = []

    def visit(parsed: object) -> None:
        current = ""
        for op, value in parsed:  # type: ignore[attr-defined]
            if op is sre_constants.LITERAL:
                current += chr(value)
                continue
            if len(current) > 1:
                runs.append(current)
            current = ""
            if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                visit(value[2])
            elif op is sre_constants.SUBPATTERN:
                visit(value[-1])
            elif op is sre_constants.BRANCH:
                for branch in value[1]:
                    visit(branch)
        if len(current) > 1:
            runs.append(current)

    visit(sre_parse.parse(pattern.pattern, pattern.flags))
    return runs[:12]


def pumps(
    pattern: re.Pattern[str], extra: tuple[str, ...] = (), *, pairs: bool = False
) -> list[tuple[str, str, str]]:
    """(prefix, unit, suffix) triples to attack ``pattern`` with: each character it reads, its
    literal runs, ``extra``, and with ``pairs`` every two of its characters."""
    chars = "".join(dict.fromkeys(alphabet(pattern) + _COMMON))
    runs = literal_runs(pattern)
    units = [*chars, *runs, *(run + char for run in runs[:6] for char in " a1"), *extra]
    if pairs:
        units = ["".join(pair) for pair in product(chars, repeat=2)]
    prefixes = ["", *runs[:1]]
    return [
        (prefix, unit, suffix)
        for prefix in prefixes
        for unit in dict.fromkeys(units)
        for suffix in ("\x00", "!")
    ]
