"""Module, class and function size figures for the package, read with ``ast`` (nothing is imported).

    python scripts/code_size.py [PACKAGE_DIR]

Lines are physical lines from a definition's first line (decorators excluded) to its last, so a function's
docstring and comments count. Nested functions count as functions of their own; methods count as functions.
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path


def _span(node: ast.AST) -> int:
    return int(getattr(node, "end_lineno", 0)) - int(getattr(node, "lineno", 0)) + 1


def _percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(root: Path) -> dict[str, object]:
    modules: list[tuple[int, str]] = []
    classes: list[tuple[int, str]] = []
    functions: list[int] = []
    named: list[tuple[int, str]] = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text("utf-8")
        name = path.relative_to(root.parent).as_posix()
        modules.append((len(text.splitlines()), name))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                classes.append((_span(node), f"{name}:{node.name}"))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append(_span(node))
                named.append((_span(node), f"{name}:{node.name}"))
    sizes = [size for size, _ in modules]
    return {
        "modules": len(modules),
        "lines": sum(sizes),
        "median module": statistics.median(sizes),
        "functions": len(functions),
        "median function": statistics.median(functions),
        "p90 function": _percentile(functions, 0.9),
        "max function": max(functions),
        "largest modules": sorted(modules, reverse=True)[:5],
        "largest classes": sorted(classes, reverse=True)[:5],
        "largest functions": sorted(named, reverse=True)[:5],
    }


def main(argv: list[str]) -> None:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "threadline"
    for key, value in measure(root).items():
        if isinstance(value, list):
            print(f"{key}:")
            for size, name in value:
                print(f"  {size:5d}  {name}")
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    main(sys.argv)
