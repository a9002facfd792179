"""What a page shows of a snippet module, what it leaves out, and the module standalone.

- :func:`include_text`: the text an include (``path``, ``path:section``,
  ``path:1:5``) puts on the page, as ``pymdownx.snippets`` builds it (nested markers
  dropped, ``dedent_subsections``).
- :func:`rest_of_module`: the module's code outside the sections a page shows, without
  its docstring and its ``if __name__ == "__main__":`` guard (a notebook runs the
  shown sections, then this, then ``main()``).
- :func:`standalone_source`: the whole module as a reader runs it, ``python file.py``:
  section markers removed and every ``from snippets.... import name`` replaced by the
  definitions it needs, copied from that module (:func:`inline_snippet_imports`).

Section markers and includes come from :mod:`scripts.verification.site`, the same
vocabulary the build and the guards use.
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

from scripts.verification import site

#: Three or more blank lines in a row (left where a marker line was removed).
_BLANK_RUN = re.compile(r"\n{4,}")


class NotStandaloneError(Exception):
    """A module that cannot be made standalone; the message says why (pt-BR)."""


def _marker_lines(text: str) -> dict[int, tuple[str, str]]:
    """0-based line index -> (``start``/``end``, name) of each active marker."""
    return {line - 1: (kind, name) for line, kind, name in site.section_markers(text)}


def strip_markers(text: str) -> str:
    """``text`` without its section marker lines (and the extra blank lines left)."""
    markers = _marker_lines(text)
    lines = [line for i, line in enumerate(text.split("\n")) if i not in markers]
    return _BLANK_RUN.sub("\n\n\n", "\n".join(lines))


def section_span(text: str, name: str) -> tuple[int, int]:
    """0-based indices of the ``start`` and ``end`` marker lines of section ``name``."""
    start = end = None
    for index, (kind, found) in _marker_lines(text).items():
        if found == name and kind == "start" and start is None:
            start = index
        elif found == name and kind == "end" and start is not None and end is None:
            end = index
    if start is None or end is None:
        raise KeyError(f"seção {name!r} não encontrada")
    return start, end


def section_text(text: str, name: str) -> str:
    """The lines of section ``name``, nested markers dropped, dedented."""
    start, end = section_span(text, name)
    markers = _marker_lines(text)
    lines = text.split("\n")
    body = [lines[i] for i in range(start + 1, end) if i not in markers]
    return textwrap.dedent("\n".join(body)).strip("\n")


def include_text(root: Path, spec: str) -> str:
    """What the include ``spec`` shows: a section, line ranges or the whole file."""
    path, ranges, section = site.split_spec(spec)
    text = (root / path).read_text(encoding="utf-8")
    if section:
        return section_text(text, section)
    if ranges:
        lines = text.split("\n")
        picked: list[str] = []
        for part in ranges.lstrip(":").split(","):
            bounds = [b for b in part.split(":")]
            first = int(bounds[0]) if bounds[0] else 1
            last = int(bounds[1]) if len(bounds) > 1 and bounds[1] else len(lines)
            picked += lines[first - 1 : last]
        return textwrap.dedent(strip_markers("\n".join(picked))).strip("\n")
    return strip_markers(text).strip("\n")


def _is_main_guard(node: ast.stmt) -> bool:
    """``if __name__ == "__main__":`` at the top level."""
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
        and len(node.test.comparators) == 1
        and isinstance(node.test.comparators[0], ast.Constant)
        and node.test.comparators[0].value == "__main__"
    )


def _first_line(node: ast.stmt) -> int:
    """1-based first line of a statement, decorators included."""
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def defines_main(text: str) -> bool:
    """Whether the module has a top-level ``def main``."""
    tree = ast.parse(text)
    return any(
        isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body
    )


def _bound_names(node: ast.stmt) -> set[str]:
    """Names a top-level def, class or assignment binds (imports aside)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()


def top_level_names(text: str) -> set[str]:
    """Names a module (or a cell) binds at the top level: defs, classes, assignments."""
    return set().union(*(_bound_names(node) for node in ast.parse(text).body))


def rest_of_module(root: Path, module: str, shown: set[str]) -> str:
    """The module's code outside the sections in ``shown``, ready to run after them.

    Section markers, the module docstring and the ``__main__`` guard are dropped;
    ``snippets.`` imports are inlined (:func:`inline_snippet_imports`).
    """
    text = (root / module).read_text(encoding="utf-8")
    lines = text.split("\n")
    drop: set[int] = set(_marker_lines(text))
    for name in shown:
        start, end = section_span(text, name)
        drop |= set(range(start, end + 1))
    tree = ast.parse(text)
    for node in tree.body:
        docstring = (
            node is tree.body[0]
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        if docstring or _is_main_guard(node):
            drop |= set(range(node.lineno - 1, node.end_lineno))
    kept = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    kept = _BLANK_RUN.sub("\n\n\n", kept).strip("\n")
    return inline_snippet_imports(kept, root)


def standalone_source(root: Path, module: str) -> str:
    """The module as one file a reader runs with ``python file.py``.

    Raises:
        NotStandaloneError: an import of another snippet module could not be inlined.
    """
    text = strip_markers((root / module).read_text(encoding="utf-8"))
    return inline_snippet_imports(text, root).rstrip("\n") + "\n"


def _snippet_imports(tree: ast.Module) -> list[ast.ImportFrom]:
    """Every ``from snippets.... import ...`` in the tree, at any depth."""
    found: list[ast.ImportFrom] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == site.SNIPPETS for alias in node.names
        ):
            raise NotStandaloneError(
                f"`import {node.names[0].name}` (linha {node.lineno}): só "
                "`from snippets.... import nome` pode ser copiado para o arquivo"
            )
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and node.module.split(".")[0] == site.SNIPPETS
        ):
            found.append(node)
    return sorted(found, key=lambda n: n.lineno)


def _needed_statements(source: str, wanted: set[str]) -> list[ast.stmt]:
    """Top-level statements of ``source`` that define ``wanted``, and what they use."""
    tree = ast.parse(source)
    binders: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                binders[(alias.asname or alias.name).split(".")[0]] = node
    for node in tree.body:
        for name in _bound_names(node):
            binders[name] = node
    chosen: list[ast.stmt] = []
    pending = list(wanted)
    while pending:
        name = pending.pop()
        node = binders.get(name)
        if node is None or node in chosen:
            continue
        chosen.append(node)
        pending += [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]
    missing = wanted - set(binders)
    if missing:
        raise NotStandaloneError(f"{sorted(missing)} não existe no módulo importado")
    return sorted(chosen, key=_first_line)


def _copied_definitions(node: ast.ImportFrom, root: Path) -> tuple[Path, str]:
    """(the imported module's file, the statements that define the imported names,
    as they read there: imports grouped, other statements 2 blank lines apart)."""
    if any(alias.asname for alias in node.names):
        raise NotStandaloneError(f"`import ... as` de {node.module} não é copiado")
    wanted = {alias.name for alias in node.names}
    source_path = root.joinpath(*node.module.split(".")).with_suffix(".py")
    if not source_path.is_file():
        raise NotStandaloneError(f"{node.module} não é um módulo de snippets/")
    source = strip_markers(source_path.read_text(encoding="utf-8"))
    source = inline_snippet_imports(source, root)
    statements = _needed_statements(source, wanted)
    source_lines = source.split("\n")
    imports = (ast.Import, ast.ImportFrom)
    copied = ""
    for previous, statement in zip([None, *statements], statements, strict=False):
        if previous is not None:
            both = isinstance(previous, imports) and isinstance(statement, imports)
            copied += "\n" if both else "\n\n\n"
        copied += "\n".join(
            source_lines[_first_line(statement) - 1 : statement.end_lineno]
        )
    return source_path, copied


def _import_lines(node: ast.ImportFrom, lines: list[str]) -> set[int]:
    """The 0-based lines the import takes, and the blank line after it when one
    precedes it too (so no double blank is left)."""
    drop = set(range(node.lineno - 1, node.end_lineno))
    after = node.end_lineno
    if (
        after < len(lines)
        and not lines[after].strip()
        and not lines[node.lineno - 2].strip()
    ):
        drop.add(after)
    return drop


def inline_snippet_imports(text: str, root: Path) -> str:
    """Replace each ``from snippets.x.y import a, b`` with the code that defines them.

    The definitions (and the imports and module-level names they use) are copied
    from ``snippets/x/y.py``, markers removed, before the first top-level statement
    that uses them. A copied name that the module also defines would change its
    meaning: that raises :class:`NotStandaloneError`.
    """
    tree = ast.parse(text)
    imports = _snippet_imports(tree)
    if not imports:
        return text
    lines = text.split("\n")
    own = top_level_names(text)
    blocks: list[tuple[int, str]] = []
    drop: set[int] = set()
    for node in imports:
        source_path, copied = _copied_definitions(node, root)
        wanted = {alias.name for alias in node.names}
        clash = (top_level_names(copied) & own) - wanted
        if clash:
            raise NotStandaloneError(
                f"{sorted(clash)} existe aqui e em {node.module}: copiar mudaria o "
                "significado"
            )
        relative = source_path.relative_to(root).as_posix()
        header = f"# Copiado de {relative} (o exemplo usa {', '.join(sorted(wanted))})."
        # Placed before the top-level statement that holds the import.
        holder = next(s for s in tree.body if s.lineno <= node.lineno <= s.end_lineno)
        blocks.append((_first_line(holder) - 1, f"{header}\n{copied}\n\n"))
        drop |= _import_lines(node, lines)
        # A block left empty by the removal would not compile.
        if _siblings(tree, node) == [node]:
            raise NotStandaloneError(
                f"o import de {node.module} é o único comando do bloco"
            )
    out: list[str] = []
    inserts = dict(blocks)
    for index, line in enumerate(lines):
        if index in inserts:
            out.append(inserts[index])
        if index not in drop:
            out.append(line)
    result = "\n".join(out)
    compile(result, "<standalone>", "exec")
    return result


def _siblings(tree: ast.Module, target: ast.stmt) -> list[ast.stmt]:
    """The statement list (body) that holds ``target``."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody", "handlers"):
            body = getattr(node, field, None)
            if isinstance(body, list) and target in body:
                return body
    return [target]
