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
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from scripts.profile import guard, llms, render  # noqa: E402
from scripts.profile.load import (  # noqa: E402
    ProfileError,
    site_profile,
    site_profile_path,
)
from scripts.profile.publish import markdown_path, published_profile  # noqa: E402
from scripts.profile.schema import published_schema  # noqa: E402
from scripts.verification.schema import RecordError, load_records  # noqa: E402
from scripts.verification.site import insert_after_h1  # noqa: E402

_state: dict = {}

#: The link to the page's Markdown version (a plain link: the file is written after
#: the build, so MkDocs' link check does not see it; tests/test_profile_site.py does).
LINK = (
    '<p class="page-markdown" data-pagefind-ignore="all" data-search-exclude="true">'
    '<a href="{href}" type="text/markdown" '
    'title="O texto desta página em Markdown, com o código testado">'
    "Ver em Markdown</a></p>"
)


def on_config(config):
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    try:  # a site without profile/*.yml has no profile: pages must not ask for one
        profile = site_profile(root) if site_profile_path(root, None) else None
    except ProfileError as exc:
        raise PluginError(f"profile_data: {exc}") from exc
    _state.update(root=root, profile=profile, pages={}, order=[])
    return config


def on_nav(nav, config, files):
    _state["order"] = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if _state["profile"] is None:
        if render.PLACEHOLDER.search(markdown):
            raise PluginError(
                f"profile_data: docs/{src} asks for the profile, "
                "but profile/ holds no profile file"
            )
        return markdown
    # The guard reads the file itself: its front matter (tags) and its line numbers.
    source = page.file.content_string
    problems = guard.typed_facts(source, src, _state["profile"])
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
        markdown = render.render_page(markdown, src, _state["profile"], offset)
    except render.RenderError as exc:
        raise PluginError(f"profile_data: {exc}") from exc
    section = page.parent.title if page.parent else "Início"
    description = " ".join(str(page.meta.get("description", "")).split())
    _state["pages"][src] = llms.PageText(
        src, page.title or src, description, section, markdown
    )
    href = markdown_path(src).rsplit("/", 1)[-1]
    return insert_after_h1(markdown, LINK.format(href=href))


def _write(site: Path, path: str, text: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def on_post_build(config):
    root, profile = _state["root"], _state["profile"]
    if profile is None:
        return
    try:  # read here: recorded_claims.py reports a malformed record first
        records = load_records(root / "verification", root)
    except RecordError as exc:
        raise PluginError(f"profile_data: {exc}") from exc
    site = Path(config.site_dir)
    site_url = config.site_url or None
    doc = published_profile(profile, records, root, root / "docs")
    _write(site, "profile.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    _write(
        site,
        "profile.schema.json",
        json.dumps(published_schema(), ensure_ascii=False, indent=2) + "\n",
    )
    pages = [_state["pages"][s] for s in _state["order"] if s in _state["pages"]]
    bodies = []
    for page in pages:
        body = llms.page_markdown(page, records, root, site_url)
        _write(site, markdown_path(page.src_uri), body)
        bodies.append(llms.page_markdown(page, records, root, site_url, True))
    name, summary = config.site_name, " ".join(str(config.site_description).split())
    _write(site, "llms.txt", llms.llms_txt(name, summary, pages, profile, site_url))
    _write(site, "llms-full.txt", llms.llms_full(name, summary, bodies))
