"""The site's one MkDocs hook: every build step, in the order the steps need.

MkDocs runs this file (``hooks:`` in ``mkdocs.yml``); each event below calls the
steps of :mod:`scripts.hooks` in order, so the order is code, not a list of files
with comments. The steps share one :class:`scripts.hooks.context.BuildContext`
(records and profile loaded once per build). Why this order:

- ``source_checks`` first: a broken include stops the build with file and line
  before pymdownx fails inside;
- ``api_render`` in ``on_files``: mkdocstrings renders while the pages are read,
  so its cache and template bytecode must be in place before the first page;
- ``profile_data`` before ``recorded_claims``: a profile fragment may hold other
  placeholders; ``api_index`` reads the page as written (its fences) before any
  step adds blocks under the title;
- under the H1, each step inserts right after the title, so the last to insert is
  shown first: downloads, then the badges above them, then the "Ver em Markdown"
  link above both (``profile_data`` inserts first);
- ``glossary_links`` after the steps that add prose (it links the first use);
- after the build: the profile's published forms, then Pagefind over the HTML,
  then the minifier (Pagefind writes the worker's page table first).
"""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs loads this file by path, with scripts/hooks/ on sys.path: the repository
# root goes there so the steps are imported as `scripts.hooks.*`, as the tests
# import them (one module object each, not two).
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from jinja2 import Environment  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.structure.files import Files  # noqa: E402
from mkdocs.structure.nav import Navigation  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from scripts.hooks import (  # noqa: E402
    api_index,
    api_render,
    asset_minify,
    benchmarks_page,
    cache,
    dirty_reload,
    downloads,
    glossary_links,
    last_updated,
    pagefind_index,
    profile_data,
    recorded_claims,
    search_weights,
    source_checks,
    verification_badges,
)
from scripts.hooks.context import build_context  # noqa: E402


def on_startup(*, command: str, dirty: bool) -> None:
    dirty_reload.on_startup(command=command, dirty=dirty)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Validate what every page needs before any page is read.
    source_checks.on_config(config)
    context = build_context(config)
    context.records, context.download_records  # noqa: B018 - loading validates
    benchmarks_page.on_config(config)
    profile_data.on_config(config)
    pagefind_index.on_config(config)
    last_updated.on_config(config)
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # The theme's ~70 templates are compiled anew in every build: keep the bytecode.
    env.bytecode_cache = cache.template_cache(build_context(config).root)
    return env


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for step in (
        source_checks,
        dirty_reload,
        api_render,
        api_index,
        downloads,
        verification_badges,
    ):
        files = step.on_files(files, config=config)
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    for step in (profile_data, glossary_links, dirty_reload):
        nav = step.on_nav(nav, config=config, files=files)
    return nav


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, files: Files
) -> str:
    for step in (
        profile_data,
        api_index,
        recorded_claims,
        downloads,
        verification_badges,
        benchmarks_page,
        glossary_links,
        last_updated,
    ):
        markdown = step.on_page_markdown(
            markdown, page=page, config=config, files=files
        )
    return markdown


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return search_weights.on_post_page(output, page=page, config=config)


def on_post_build(*, config: MkDocsConfig) -> None:
    profile_data.on_post_build(config=config)
    pagefind_index.on_post_build(config=config)
    asset_minify.on_post_build(config=config)
