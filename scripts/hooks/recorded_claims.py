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

from scripts.hooks import cache
from scripts.hooks.context import BuildContext, build_context
from scripts.verification import claims, placeholders


def render_page(
    markdown: str, page: str, records: dict, root: Path, docs: Path | None = None
) -> str:
    """The page with every placeholder replaced; `ClaimError` names page:line."""
    page_claims = placeholders.PageClaims(page, records, root, docs or root / "docs")
    return placeholders.render_page(page_claims, markdown)


def _error_pages_digest(context: BuildContext) -> str:
    derived = context.derived
    if __name__ not in derived:  # once per build
        pages = (context.docs / "erros").glob("*.md")
        derived[__name__] = cache.files_digest(pages, context.docs)
    return derived[__name__]


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, **kwargs
) -> str:
    if "{{" not in markdown:
        return markdown
    context = build_context(config)
    src = f"docs/{page.file.src_uri}"
    # What a placeholder reads: the records, snippets/ (modules, outputs, the error
    # catalog) and the error pages (the index links to their sections).
    key = cache.digest(
        markdown,
        context.folder_digest("verification"),
        context.folder_digest("snippets"),
        _error_pages_digest(context),
        context.code_digest(__name__, "scripts.verification"),
    )
    try:
        return cache.memo(
            context.root,
            "claims",
            src,
            key,
            lambda: render_page(
                markdown, src, context.records, context.root, context.docs
            ),
        )
    except claims.ClaimError as exc:
        raise PluginError(f"recorded_claims: {exc}") from exc
