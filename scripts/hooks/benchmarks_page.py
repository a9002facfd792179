"""MkDocs hook: the benchmark records (``verification/bench-*.json``) on the page.

- ``on_config``: reads and validates every ``verification/bench-*.json``; a malformed
  file aborts the build with a message naming the file and the problem.
- ``on_page_markdown``: replaces each ``<!-- bench:NAME -->`` marker (``summary``,
  ``environment``, ``training``, ``inference``, ``dataloader``, ``memory``) with
  the tables and inline SVG charts of :mod:`scripts.verification.bench_render`.

The record format and its validation are :mod:`scripts.verification.benchmarks`;
the runner that writes the records is ``python -m scripts.benchmarks``.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from scripts.hooks.context import build_context
from scripts.verification import bench_render


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Stop the build on a malformed benchmark record (before any page is read)."""
    build_context(config).bench_records  # noqa: B018 - loading validates
    return config


def on_page_markdown(markdown: str, *, config: MkDocsConfig, **kwargs) -> str:
    if "<!-- bench:" not in markdown:
        return markdown
    context = build_context(config)
    return bench_render.render_page(markdown, context.bench_records, context.root)
