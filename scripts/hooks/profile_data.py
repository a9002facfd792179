"""MkDocs hook: the profile's facts from ``profile/<id>.yml``, and its published forms.

- ``on_config``: reads and validates the site's profile (:mod:`scripts.profile`);
  a bad file stops the build naming the field;
- ``on_page_markdown``: stops the build when a page types a fact the data holds
  (:mod:`scripts.profile.guard`), renders ``{{ profile(...) }}`` and
  ``{{ profile_table(...) }}``, keeps the rendered source for the Markdown version,
  and offers that version ("Ver em Markdown") right under the title, next to the
  download buttons (inserted before them: each hook inserts under the H1);
- ``on_post_build``: writes ``profile.json``, ``profile.schema.json``,
  ``llms.txt``, ``llms-full.txt`` and ``<page>/index.md`` into the built site.

Registered in ``mkdocs.yml`` before ``recorded_claims.py`` (a fragment may hold
other placeholders).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from scripts.hooks import cache
from scripts.hooks.context import BuildContext, build_context
from scripts.hooks.dirty_reload import is_dirty
from scripts.profile import codegen, guard, llms, render
from scripts.profile.publish import markdown_path, published_profile
from scripts.profile.schema import published_schema
from scripts.verification import templates
from scripts.verification.site import insert_after_h1


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Stop the build on a malformed profile, or on code generated from an older
    version of it (before any page is read)."""
    context = build_context(config)
    if context.profile is None:
        return config
    stale = codegen.stale(context.root, context.profile)
    if stale:
        raise PluginError(
            "profile_data: code generated from the profile is out of date ("
            + "; ".join(stale)
            + "): run `make profile-code`"
        )
    return config


def on_nav(nav: Navigation, *, config: MkDocsConfig, **kwargs) -> Navigation:
    build_context(config).derived["page_texts"] = {}
    build_context(config).derived["nav_order"] = [p.file.src_uri for p in nav.pages]
    return nav


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, **kwargs
) -> str:
    src = page.file.src_uri
    context = build_context(config)
    profile = context.profile
    if profile is None:
        if render.PLACEHOLDER.search(markdown):
            raise PluginError(
                f"profile_data: docs/{src} asks for the profile, "
                "but profile/ holds no profile file"
            )
        return markdown
    # The guard reads the file itself: its front matter (tags) and its line numbers.
    source = page.file.content_string
    problems = _typed_facts(source, src, context)
    if problems:
        raise PluginError(
            "profile_data: facts typed by hand that profile/ holds (write "
            '{{ profile("...") }} or {{ profile_table("...") }}): '
            + "; ".join(problems)
        )
    try:
        offset = max(
            source.rstrip("\n").count("\n") - markdown.rstrip("\n").count("\n"), 0
        )
        markdown = render.render_page(markdown, src, profile, offset)
    except render.RenderError as exc:
        raise PluginError(f"profile_data: {exc}") from exc
    section = page.parent.title if page.parent else "Início"
    description = " ".join(str(page.meta.get("description", "")).split())
    context.derived["page_texts"][src] = llms.PageText(
        src, page.title or src, description, section, markdown
    )
    href = markdown_path(src).rsplit("/", 1)[-1]
    return insert_after_h1(markdown, templates.render("markdown_link.html", href=href))


def _typed_facts(source: str, src: str, context: BuildContext) -> list[str]:
    """The guard's findings for one page, kept while the page, the profile and the
    guard's code are unchanged (reading every line against every fact is slow)."""
    key = cache.digest(
        source,
        context.folder_digest("profile"),
        context.code_digest("scripts.profile"),
    )
    return cache.memo(
        context.root,
        "typed-facts",
        src,
        key,
        lambda: guard.typed_facts(source, src, context.profile),
    )


#: Under ``mkdocs serve --dirty``, the last rendered text of every page.
_served_texts: dict[str, llms.PageText] = {}


def _write(site: Path, path: str, text: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _versions(
    page: llms.PageText, context: BuildContext, site_url: str | None
) -> tuple[str, str]:
    """A page's Markdown version (own links, then from the site root), cached.

    Both read the page's rendered source, the snippets and their outputs, and the
    records: those, with the code that writes them, are the cache key.
    """
    root, records = context.root, context.records
    key = cache.digest(
        repr(page),
        site_url or "",
        context.folder_digest("snippets"),
        context.folder_digest("verification"),
        context.code_digest(
            "scripts.profile", "scripts.downloads", "scripts.verification"
        ),
    )
    return cache.memo(
        root,
        "page-markdown",
        f"{page.src_uri}|{site_url or ''}",
        key,
        lambda: (
            llms.page_markdown(page, records, root, site_url),
            llms.page_markdown(page, records, root, site_url, True),
        ),
    )


def on_post_build(*, config: MkDocsConfig) -> None:
    context = build_context(config)
    root, profile, records = context.root, context.profile, context.records
    if profile is None:
        return
    site = Path(config.site_dir)
    site_url = config.site_url or None
    doc = published_profile(profile, records, root, root / "docs")
    _write(site, "profile.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    _write(
        site,
        "profile.schema.json",
        json.dumps(published_schema(), ensure_ascii=False, indent=2) + "\n",
    )
    texts = context.derived["page_texts"]
    if is_dirty():  # only the rebuilt pages were rendered: keep the others' text
        texts = _served_texts | texts
    _served_texts.clear()
    _served_texts.update(texts)
    pages = [texts[s] for s in context.derived["nav_order"] if s in texts]
    bodies = []
    for page in pages:
        body, from_root = _versions(page, context, site_url)
        _write(site, markdown_path(page.src_uri), body)
        bodies.append(from_root)
    name, summary = config.site_name, " ".join(str(config.site_description).split())
    _write(site, "llms.txt", llms.llms_txt(name, summary, pages, profile, site_url))
    _write(site, "llms-full.txt", llms.llms_full(name, summary, bodies))
