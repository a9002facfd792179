"""Build step: every page's placeholders rendered from the records.

Replaces ``{{ output(...) }}``, ``{{ value(...) }}``, ``{{ error_message(...) }}``
and the others of :mod:`scripts.verification.placeholders` (the one table, shared
with the notebooks) with what ``verification/*.json`` and the error catalog say, and
stops the build when a placeholder has nothing to back it or when a page types a
number that an output it shows recorded (it must be a ``{{ value(...) }}``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from scripts.hooks.context import build_context
from scripts.verification import claims, placeholders


def render_page(
    markdown: str, page: str, records: dict, root: Path, docs: Path | None = None
) -> str:
    """The page with every placeholder replaced; `ClaimError` names page:line."""
    page_claims = placeholders.PageClaims(page, records, root, docs or root / "docs")
    return placeholders.render_page(page_claims, markdown)


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, **kwargs
) -> str:
    if "{{" not in markdown:
        return markdown
    context = build_context(config)
    try:
        return render_page(
            markdown,
            f"docs/{page.file.src_uri}",
            context.records,
            context.root,
            context.docs,
        )
    except claims.ClaimError as exc:
        raise PluginError(f"recorded_claims: {exc}") from exc
