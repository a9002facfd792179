"""MkDocs hook: code blocks weigh less than prose in the Pagefind index.

A page that only *uses* an identifier in its code (`torch.cuda.is_available()` in a
template, `dtype=` in a training loop) used to outrank the page that explains it,
because every word of a code block counted as much as a word of the text. Pagefind
reads a `data-pagefind-weight` attribute on any element (0.0 to 10.0, default 1.0,
headings 7.0 for `h1` down to 2.0 for `h6`; the effect is roughly quadratic). This
hook gives every highlighted code block (`<div class="language-… highlight">` from
pymdownx.highlight: example code, shell commands, program output and the
signatures rendered by mkdocstrings) the weight `CODE_WEIGHT`, so a term in the
title, a heading, the description or the prose of a page decides its rank, and the
code still finds the page when nothing else names the term (a pasted identifier).

Blocks that already carry a weight (the error messages of `docs/erros/`, weighted
up by `scripts/verification/error_render.py`) are left alone. Runs on `on_post_page`,
after every hook that inserts code into a page.

Registered in `mkdocs.yml`, under `hooks:`.
"""

from __future__ import annotations

import re

#: Weight of a word inside a code block (prose is 1.0).
CODE_WEIGHT = "0.3"

#: The opening tag of a highlighted block: a <div> whose class list has `highlight`.
_BLOCK = re.compile(
    r'<div class="(?P<classes>(?:[^"]*\s)?highlight(?:\s[^"]*)?)"(?P<rest>[^>]*)>'
)


def weigh_code_blocks(html: str, weight: str = CODE_WEIGHT) -> str:
    """Add `data-pagefind-weight` to every highlighted code block without one."""

    def add(match: re.Match[str]) -> str:
        if "data-pagefind-weight" in match.group("rest"):
            return match.group(0)
        return (
            f'<div class="{match.group("classes")}"{match.group("rest")}'
            f' data-pagefind-weight="{weight}">'
        )

    return _BLOCK.sub(add, html)


def on_post_page(output: str, **kwargs: object) -> str:
    """Weigh down the code blocks of a built page (see the module docstring)."""
    return weigh_code_blocks(output)
