"""MkDocs hook: the site's own CSS and JavaScript are published without comments.

Page weight (issue 17): every page downloads the site's stylesheets (`extra_css`,
mkdocstrings' `_mkdocstrings.css`) and the search worker
(`assets/javascripts/pagefind-material-worker.js`). Their sources carry long
comments that say why each rule exists; the reader's browser needs none of them,
and they were about a third of those files (14 KB of the 300 KB a first visit may
download). Material's own bundles (`*.min.css`, `*.min.js`) are already minified
and are left alone.

The minifiers are deliberately small and conservative (no renaming, no rewriting of
values): they remove comments and collapse whitespace, and they know enough of each
language to leave strings, template literals and regular expressions untouched.
JavaScript keeps its line breaks, because the worker relies on automatic semicolon
insertion. The sources in `docs/` and `overrides/` stay as written; only the copies
in `site_dir` change.

Registered in `mkdocs.yml`, under `hooks:`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.asset_minify")

#: Scripts of the theme override to minify, relative to `site_dir`.
SCRIPTS = ["assets/javascripts/pagefind-material-worker.js"]

#: Characters after which a `/` starts a regular expression, not a division.
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^")
#: Keywords after which a `/` starts a regular expression.
_REGEX_KEYWORDS = {
    "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void",
    "throw", "yield", "await",
}  # fmt: skip


def _skip_string(text: str, i: int) -> int:
    """Index just past the quoted string that starts at `text[i]`."""
    quote = text[i]
    i += 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _skip_regex(text: str, i: int) -> int:
    """Index just past the regular expression literal that starts at `text[i]`."""
    i += 1
    in_class = False
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "/" and not in_class:
            i += 1
            break
        elif char == "\n":
            raise ValueError(f"unterminated regular expression at offset {i}")
        i += 1
    while i < len(text) and (text[i].isalnum() or text[i] == "_"):
        i += 1  # flags
    return i


def _regex_can_start(out: list[str]) -> bool:
    """Whether a `/` after the code emitted so far starts a regular expression."""
    code = "".join(out[-40:]).rstrip()
    if not code:
        return True
    if code[-1] in _REGEX_AFTER:
        return True
    word = re.search(r"[A-Za-z_$][\w$]*$", code)
    return bool(word) and word.group() in _REGEX_KEYWORDS


def _space(out: list[str], space: str) -> None:
    """Append whitespace between tokens: one line break or space, never a run."""
    if not out:
        return
    if out[-1] in (" ", "\n"):
        if space == "\n":
            out[-1] = "\n"
    else:
        out.append(space)


def minify_js(text: str) -> str:
    """`text` without comments, indentation or blank lines; line breaks are kept.

    A run of whitespace between tokens becomes one line break if it held one, else
    one space.

    Strings, template literals (with their `${…}` expressions) and regular
    expression literals are copied as they are.

    Raises:
        ValueError: on an unterminated comment, string or regular expression.
    """
    out: list[str] = []
    # One entry per open template literal: the brace depth of its current `${…}`.
    templates: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if char == "`" or (char == "}" and templates and templates[-1] == 0):
            # Inside a template literal: copy up to its end or to the next `${`.
            if char == "}":
                templates.pop()
            start = i
            i += 1
            while i < n and text[i] != "`":
                if text[i] == "\\":
                    i += 2
                elif text.startswith("${", i):
                    break
                else:
                    i += 1
            if i >= n:
                raise ValueError(f"unterminated template literal at offset {start}")
            if text[i] == "`":
                out.append(text[start : i + 1])
                i += 1
            else:
                out.append(text[start : i + 2])
                templates.append(0)
                i += 2
        elif char in "\"'":
            end = _skip_string(text, i)
            if end > n:
                raise ValueError(f"unterminated string at offset {i}")
            out.append(text[i:end])
            i = end
        elif char == "/" and nxt == "*":
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError(f"unterminated comment at offset {i}")
            _space(out, "\n" if "\n" in text[i:end] else " ")
            i = end + 2
        elif char == "/" and nxt == "/":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif char == "/" and _regex_can_start(out):
            end = _skip_regex(text, i)
            out.append(text[i:end])
            i = end
        elif char.isspace():
            end = i
            while end < n and text[end].isspace():
                end += 1
            _space(out, "\n" if "\n" in text[i:end] else " ")
            i = end
        else:
            if templates and char == "{":
                templates[-1] += 1
            elif templates and char == "}":
                templates[-1] -= 1
            out.append(char)
            i += 1
    if templates:
        raise ValueError("unterminated template literal expression")
    return "".join(out).strip() + "\n"


def minify_css(text: str) -> str:
    """`text` without comments and with whitespace collapsed; strings are kept.

    Raises:
        ValueError: on an unterminated comment or string.
    """
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char in "\"'":
            end = _skip_string(text, i)
            if end > n:
                raise ValueError(f"unterminated string at offset {i}")
            out.append(text[i:end])
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError(f"unterminated comment at offset {i}")
            if out and out[-1] not in "{};, ":
                out.append(" ")
            i = end + 2
        elif char.isspace() or char in "{};,":
            # Spaces around braces, semicolons and commas never matter; a space
            # before `:` does (`a :hover` is not `a:hover`), so other spaces stay.
            while i < n and text[i].isspace():
                i += 1
            if char in "{};,":
                i += 1
                while i < n and text[i].isspace():
                    i += 1
                while out and out[-1] == " ":
                    out.pop()
                if char == "}" and out and out[-1] == ";":
                    out.pop()  # the last declaration needs no semicolon
                out.append(char)
            elif out and out[-1] not in "{};, ":
                out.append(" ")
        else:
            out.append(char)
            i += 1
    return "".join(out).strip() + "\n"


def _stylesheets(site_dir: Path) -> list[Path]:
    """The site's own stylesheets: every `.css` except Material's `*.min.css`."""
    return sorted(
        path for path in site_dir.rglob("*.css") if not path.name.endswith(".min.css")
    )


def minify_site(site_dir: Path) -> int:
    """Minify the stylesheets and `SCRIPTS` of `site_dir` in place; bytes saved."""
    saved = 0
    files = [(path, minify_css) for path in _stylesheets(site_dir)]
    files += [(site_dir / name, minify_js) for name in SCRIPTS]
    for path, minify in files:
        source = path.read_text(encoding="utf-8")
        try:
            small = minify(source)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from exc
        path.write_text(small, encoding="utf-8")
        saved += len(source.encode()) - len(small.encode())
    return saved


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    """Minify the site's own CSS and the search worker (see the module docstring)."""
    saved = minify_site(Path(config["site_dir"]))
    log.info("Comments left out of the site's CSS and JavaScript: %d KB", saved // 1024)
