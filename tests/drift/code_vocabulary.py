"""The vocabulary guard for what readers read inside code.

`tests/test_vocabulary.py` checks the prose of the pages. Readers also read pt-BR
text that lives in the modules: the comments and strings (docstrings included) of
the sections a page shows, the docstrings the API reference (`::: snippets.x`)
renders, and what each example prints (`snippets/**/output/*.txt`, rendered on the
pages from the records). This guard applies the same `avoid` forms of
`scripts/glossary.yml` there.

What is not prose, as on the pages: code between backticks, quoted "…" text,
*italic* text, URLs, and a string literal without a space (an identifier, a key, a
device name such as ``"cuda"``).
"""

from __future__ import annotations

import ast
import io
import posixpath
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from tests.drift.includes import sections, shown
from tests.drift.pages import Page, parse_pages, relpath

_BACKTICKS = re.compile(r"(`+)(?:(?!\1).)+?\1")
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|'[^'\n]*'")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+?\*(?![*\w])")
_URL = re.compile(r"https?://\S+")
#: Google-style argument names (`epochs: número de épocas`) and dotted names
#: (`head.weight`): identifiers, not prose.
_ARG_NAME = re.compile(r"^\s*\*{0,2}\w+(?:\s*\([^)]*\))?:(?=\s|$)")
_DOTTED = re.compile(r"\w+(?:\.\w+)+")
_FIELD = re.compile(r"\{[^{}\n]*\}")
_STRING_PREFIX = re.compile(r"^[rRbBuUfF]{0,2}(\"\"\"|'''|\"|')")
_API_REFERENCE = re.compile(r"^:::\s+(snippets(?:\.\w+)+)\s*$", re.M)


@dataclass(frozen=True)
class Text:
    """A piece of reader-facing text: where it is and what it says."""

    file: str
    line: int
    text: str


def _not_prose(text: str) -> str:
    for pattern in (_URL, _BACKTICKS, _QUOTED, _ITALIC, _ARG_NAME, _DOTTED):
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def _string_body(token: str) -> str:
    m = _STRING_PREFIX.match(token)
    if m is None:
        return token
    quote = m.group(1)
    return token[m.end() : len(token) - len(quote)]


def code_texts(path: Path, root: Path, lines: set[int] | None) -> list[Text]:
    """Comments and string literals of ``path`` (only on ``lines`` when given)."""
    rel = relpath(path, root)
    source = path.read_text(encoding="utf-8")
    found: list[Text] = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for tok in tokens:
        row = tok.start[0]
        if lines is not None and row not in lines:
            continue
        if tok.type == tokenize.COMMENT:
            found.append(Text(rel, row, tok.string.lstrip("#")))
        elif tok.type == tokenize.STRING:
            body = _string_body(tok.string)
            if "f" in tok.string[:2].lower():  # f-string: the fields are code
                body = _FIELD.sub(_blank, body)
            if not re.search(r"\s", body.strip()):
                continue  # an identifier, a key, a device name
            for offset, part in enumerate(body.split("\n")):
                found.append(Text(rel, row + offset, _QUOTED.sub(_blank, part)))
    return found


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def api_docstrings(path: Path, root: Path) -> list[Text]:
    """Docstrings the API reference renders: the module's and its public objects'."""
    rel = relpath(path, root)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Text] = []
    nodes: list[ast.AST] = [tree]
    for node in ast.walk(tree):
        public = not getattr(node, "name", "_").startswith("_")
        if public and isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        ):
            nodes.append(node)
    for node in nodes:
        body = getattr(node, "body", [])
        if not body or not isinstance(body[0], ast.Expr):
            continue
        value = body[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            for offset, part in enumerate(value.value.split("\n")):
                found.append(Text(rel, value.lineno + offset, part))
    return found


def shown_lines(root: Path, pages: list[Page]) -> dict[Path, set[int] | None]:
    """Per module, the lines inside a shown section (``None``: shown whole)."""
    by_file, whole = shown(pages)
    out: dict[Path, set[int] | None] = {}
    for rel in whole:
        if rel.endswith(".py"):
            out[root / rel] = None
    for rel, names in by_file.items():
        path = root / rel
        if not rel.endswith(".py") or not path.exists() or path in out:
            continue
        declared = sections(path, root)
        lines: set[int] = set()
        for name in names:
            if name in declared:
                section = declared[name]
                lines.update(range(section.start + 1, section.end))
        out[path] = lines
    return out


def reader_texts(root: Path, pages: list[Page] | None = None) -> list[Text]:
    """Every piece of pt-BR text a reader meets inside code and outputs."""
    pages = parse_pages(root) if pages is None else pages
    texts: list[Text] = []
    for path, lines in sorted(shown_lines(root, pages).items()):
        texts += code_texts(path, root, lines)
    documented: set[str] = set()
    for page_file in sorted((root / "docs").rglob("*.md")):
        documented.update(_API_REFERENCE.findall(page_file.read_text(encoding="utf-8")))
    for dotted in sorted(documented):
        path = root / (posixpath.join(*dotted.split(".")) + ".py")
        if path.exists():
            texts += api_docstrings(path, root)
    for output in sorted((root / "snippets").rglob("output/*.txt")):
        rel = relpath(output, root)
        for number, line in enumerate(
            output.read_text(encoding="utf-8").split("\n"), 1
        ):
            texts.append(Text(rel, number, line))
    return texts


@dataclass(frozen=True)
class AllowedCode:
    """Text kept on purpose inside a file (the original profile's log format)."""

    file: str
    text: str
    reason: str


def load_allowed(path: Path) -> list[AllowedCode]:
    """The ``allow_code`` entries of ``scripts/glossary.yml``."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [AllowedCode(**entry) for entry in data.get("allow_code", [])]


def violations(texts: list[Text], terms, allowed: list[AllowedCode] = ()) -> list[str]:
    """`file:line: "found" -> use "preferred"`, once per place and form."""
    problems: list[str] = []
    for item in texts:
        text = item.text
        for entry in allowed:
            if entry.file == item.file:
                text = text.replace(entry.text, " " * len(entry.text))
        prose = _not_prose(text)
        for term in terms:
            pattern = term.avoid_pattern()
            if pattern is None:
                continue
            for match in pattern.finditer(prose):
                problem = (
                    f'{item.file}:{item.line}: "{match.group(0)}" -> use "{term.pt}"'
                )
                if problem not in problems:
                    problems.append(problem)
    return problems
