"""The fast reload of ``make serve``: after an edit, rebuild only what it changed.

``mkdocs serve --dirty`` renders again only the pages whose source is newer than
their built HTML. That alone would miss most of what this site shows, so before
each rebuild this step removes the built HTML of every page that must change too
(MkDocs then treats it as modified):

- a page whose included files (``--8<--``: snippet modules, outputs) changed, and
  the pages that summarise every module's state, when a module changed;
- every page, when something every page reads changed (the records, the profile,
  the glossary, the theme overrides, the configuration);
- a page that gathers the others (glossary, API index, verification matrix, error
  index), when what it gathers changed (compared with the last build); the tags
  page, whenever any page is rebuilt (with every page's tags: see ``_feed_tags``).

It also removes Pagefind's last index (Pagefind adds to its folder) and the built
copies of the site's own CSS and search worker, which the build minifies and fills
in after copying: a dirty build copies only changed static files, and must find the
originals. A build that is not dirty is untouched.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from scripts.hooks.asset_minify import SCRIPTS
from scripts.hooks.context import BuildContext, build_context
from scripts.hooks.pagefind_index import OUTPUT_SUBDIR
from scripts.verification import error_render, site

#: What every page reads, relative to the repository root.
SHARED_INPUTS = (
    "mkdocs.yml",
    "verification",
    "profile",
    "scripts/glossary.yml",
    "overrides",
    "mkdocstrings-templates",
)
#: A page holding one of these summarises the state of every snippet module (how
#: many verified, which torch versions): rebuilt when any module changed.
SUMMARY_MARKS = (
    "{{ runner_coverage(",
    "{{ torch_min",
    "{{ torch_max",
    "{{ torch_versions_table",
    "<!-- verification-matrix -->",
)
#: A page holding one of these marks shows what it gathers from the other pages
#: (read by the steps before any page is rendered): rebuilt when that changes.
GATHERED: dict[str, Callable[[BuildContext], object]] = {
    "<!-- glossary -->": lambda c: c.derived["glossary"][1],
    "<!-- api-index -->": lambda c: c.derived["api_index"],
    "<!-- verification-matrix -->": lambda c: c.derived["pages_of_module"],
    "{{ error_index(": lambda c: error_render.sections(c.docs),
}
#: The tags page (Material's listing), rendered again in every dirty build.
TAGS_MARK = "<!-- material/tags"

#: How MkDocs' warning about dirty builds begins (mkdocs/commands/build.py).
DIRTY_WARNING = "A 'dirty' build is being performed"

#: What each gathering page showed in the last build.
_gathered: dict[str, object] = {}

_serve: dict[str, float | bool | None] = {"dirty": False, "last_start": None}


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(DIRTY_WARNING)


def on_startup(*, command: str, dirty: bool) -> None:
    _serve["dirty"] = dirty and command == "serve"
    if _serve["dirty"]:
        # MkDocs warns on every dirty build, and `--strict` turns any warning into a
        # failure: this step is what makes those builds accurate, so the warning goes.
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)


def is_dirty() -> bool:
    """Whether this process serves dirty builds (steps then keep earlier pages)."""
    return bool(_serve["dirty"])


def _newer(path: Path, since: float) -> bool:
    if path.is_dir():
        return any(p.stat().st_mtime > since for p in path.rglob("*") if p.is_file())
    return path.is_file() and path.stat().st_mtime > since


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Remove the built files that the coming dirty build must write again."""
    if not _serve["dirty"]:
        return files
    since, _serve["last_start"] = _serve["last_start"], time.time()
    site_dir = Path(config.site_dir)
    if since is not None:  # the server's first build writes every page anyway
        root = build_context(config).root
        for page in stale_pages(list(files.documentation_pages()), root, since):
            _remove(Path(page.abs_dest_path))
    for path in site_dir.rglob("*.css"):
        if not path.name.endswith(".min.css"):
            _remove(path)
    for name in SCRIPTS:
        _remove(site_dir / name)
    # Pagefind adds to its output folder: last build's fragments would stay listed.
    shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)
    return files


def stale_pages(pages: list[File], root: Path, since: float) -> list[File]:
    """The pages an edit made after ``since`` changes (their own sources)."""
    everything = any(_newer(root / name, since) for name in SHARED_INPUTS)
    # A changed module changes every summary of the modules' state (stale counts).
    summaries = _newer(root / "snippets", since)
    return [
        page
        for page in pages
        if everything
        or page.is_modified()
        or any(_newer(root / path, since) for path in _included(page.content_string))
        or (summaries and any(m in page.content_string for m in SUMMARY_MARKS))
    ]


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Remove the built gathering pages whose gathered content changed; let the tags
    plugin see every page's tags."""
    if not _serve["dirty"]:
        return nav
    context = build_context(config)
    for mark, gathered in GATHERED.items():
        value, before = gathered(context), _gathered.get(mark)
        _gathered[mark] = value
        if before is None or value == before:
            continue
        for file in files.documentation_pages():
            if mark in file.content_string:
                _remove(Path(file.abs_dest_path))
    _feed_tags(nav, config, files)
    return nav


def _feed_tags(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    """Material's tags plugin learns a page's tags while rendering it, and links a
    tag to the tags page only if it rendered that page in the same build: in a dirty
    build, the tags page is rendered again, and the pages that are not are read
    (front matter only) and handed to the plugin's own event."""
    tags = config.plugins.get("material/tags")
    if tags is None:
        return
    rendered = {p.file.src_uri for p in nav.pages if p.file.is_modified()}
    if not rendered:
        return
    for page in nav.pages:
        if TAGS_MARK in page.file.content_string:
            _remove(Path(page.file.abs_dest_path))
            rendered.add(page.file.src_uri)
    for page in nav.pages:
        if page.file.src_uri not in rendered:
            page.read_source(config)
            tags.on_page_markdown(page.markdown, page=page, config=config, files=files)


def _included(source: str) -> list[str]:
    """The files a page source includes (paths relative to the repository root)."""
    return [
        site.split_spec(spec)[0]
        for _, _, spec in site.include_specs(source.splitlines())
    ]
