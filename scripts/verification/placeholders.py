"""The pages' placeholders: one grammar, one table of renderers, two targets.

A page asks for what a run recorded with ``{{ name(args) }}`` (the grammar is
:data:`scripts.verification.claims.PLACEHOLDER`); the same table renders it for the
site's pages (``Target.HTML``: Markdown with HTML blocks, badges and titles) and for
the notebooks and Markdown versions (``Target.MARKDOWN``: plain Markdown), from the
same records, so a page and its notebook never show different numbers.

- Alone on its line (:data:`BLOCKS`): ``output``, ``torch_versions_table``,
  ``error_message``, ``error_index``; replaced by lines indented like it.
- Inside a line (:data:`INLINE`): ``value``, ``runner_coverage``, ``torch_min``,
  ``torch_max``, ``error_count``.

An unknown name, a block inside a line or arguments that do not fit raise
:class:`~scripts.verification.claims.ClaimError` naming ``page:line``. The profile's
own placeholders (``profile``, ``profile_table``) are rendered first, by
:mod:`scripts.profile.render`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from scripts.verification import claims, error_render, errors
from scripts.verification.formatting import recorded


class Target(str, Enum):
    """Where the rendered text goes."""

    HTML = "html"  # the site's pages
    MARKDOWN = "markdown"  # notebooks, `<page>.md`, llms-full.txt


@dataclass
class PageClaims:
    """What the renderers of one page share: the records, and what they found."""

    page: str
    records: dict
    root: Path
    docs: Path
    target: Target = Target.HTML
    #: The numbers of the outputs the page shows (typed in prose, they fail).
    guarded: set[str] = field(default_factory=set)
    _versions: list[str] | None = None

    def versions(self) -> list[str]:
        if self._versions is None:
            self._versions = claims.verified_versions(self.records, self.root)
        return self._versions


def _output(c: PageClaims, indent: str, module: str) -> list[str]:
    reference = c.records.get(claims.REFERENCE_RUNNER) or {}
    text = reference.get("modules", {}).get(module, {}).get("output", {}).get("text")
    c.guarded |= claims.output_numbers(text or "")
    if c.target is Target.HTML:
        return claims.render_output(module, c.records, c.root, indent)
    if text is None:
        return [f"{indent}Saída não registrada: {claims.MISSING_WHY}."]
    body = text.rstrip("\n")
    lines = ["Saída esperada (a da execução registrada em CPU):", "", "```text"]
    return [indent + line if line else line for line in [*lines, body, "```"]]


def _error_message(c: PageClaims, indent: str, category: str, slug: str) -> list[str]:
    if c.target is Target.HTML:
        return [indent + error_render.render_message(category, slug, c.records, c.root)]
    message = errors.shown_message(c.records, category, slug, c.root)
    return [f"{indent}```text", f"{indent}{message}", f"{indent}```"]


def _error_index(c: PageClaims, indent: str, category: str) -> list[str]:
    if c.target is Target.HTML:
        return [indent + error_render.render_index(category, c.page, c.docs, c.root)]
    return [f"{indent}(A tabela desta categoria está na versão HTML da página.)"]


def _value(c: PageClaims, module: str, label: str, index: int = 1) -> str:
    if c.target is Target.HTML:
        return claims.render_value(module, label, index, c.records, c.root)
    found = claims.recorded_number(module, label, index, c.records)
    return (
        recorded(found) if found is not None else f"sem registro ({claims.MISSING_WHY})"
    )


def _torch(c: PageClaims, which: int) -> str:
    versions = c.versions()
    return versions[which] if versions else "nenhuma versão verificada"


#: Placeholders alone on their line: ``(claims, indent, *args) -> lines``.
BLOCKS: dict[str, Callable[..., list[str]]] = {
    "output": _output,
    "torch_versions_table": lambda c, indent: [
        indent + row for row in claims.render_versions_table(c.records, c.root)
    ],
    "error_message": _error_message,
    "error_index": _error_index,
}
#: Placeholders inside a line: ``(claims, *args) -> text``.
INLINE: dict[str, Callable[..., str]] = {
    "value": _value,
    "runner_coverage": lambda c, runner: claims.render_coverage(
        runner, c.records, c.root
    ),
    "torch_min": lambda c: _torch(c, 0),
    "torch_max": lambda c: _torch(c, -1),
    "error_count": lambda c: str(errors.error_count(c.root)),
}
_WHOLE = re.compile(r"(?P<indent>[ \t]*)" + claims.PLACEHOLDER.pattern)


def block(line: str) -> re.Match[str] | None:
    """The match of a line that is one block placeholder (else ``None``)."""
    whole = _WHOLE.fullmatch(line)
    return whole if whole and whole["name"] in BLOCKS else None


def render_block(c: PageClaims, whole: re.Match[str]) -> list[str]:
    """The lines a block placeholder stands for."""
    return BLOCKS[whole["name"]](c, whole["indent"], *claims.parse_args(whole["args"]))


def render_inline(c: PageClaims, line: str) -> str:
    """The line with its inline placeholders replaced."""

    def one(match: re.Match[str]) -> str:
        name, args = match["name"], claims.parse_args(match["args"])
        if name in BLOCKS:
            raise claims.ClaimError(f"{{{{ {name} }}}} must be alone on its line")
        if name not in INLINE:
            known = ", ".join(sorted([*BLOCKS, *INLINE]))
            raise claims.ClaimError(f"unknown placeholder {name!r} (known: {known})")
        return INLINE[name](c, *args)

    return claims.PLACEHOLDER.sub(one, line)


def render_line(c: PageClaims, line: str, number: int) -> list[str]:
    """One line of a page, its placeholders rendered; errors name ``page:number``."""
    try:
        whole = block(line)
        return render_block(c, whole) if whole else [render_inline(c, line)]
    except (claims.ClaimError, ValueError, TypeError) as exc:
        raise claims.ClaimError(f"{c.page}:{number}: {exc}") from exc


def render_page(c: PageClaims, markdown: str) -> str:
    """The page with every placeholder rendered for ``c.target``.

    For the site (``Target.HTML``), a number typed in prose that an output shown on
    the page recorded fails too: it must be a ``{{ value(...) }}``.
    """
    out: list[str] = []
    for number, line in enumerate(markdown.split("\n"), start=1):
        out += render_line(c, line, number)
    typed = claims.typed_numbers(markdown, c.guarded) if c.target is Target.HTML else []
    if typed:
        listing = ", ".join(f"{c.page}:{n} ({token})" for n, token in typed)
        raise claims.ClaimError(
            f"numbers typed by hand that an output on the page recorded: {listing}. "
            'Write {{ value("snippets/...py", "label") }} instead.'
        )
    return "\n".join(out)
