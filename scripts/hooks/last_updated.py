"""MkDocs hook: a page changed in the working tree shows today as its last update.

``mkdocs-git-revision-date-localized-plugin`` dates each page by its last commit, so
a page edited under ``make serve`` would keep the old date until committed. This hook
asks git once per build which pages under ``docs/`` differ from ``HEAD`` (modified,
added or untracked) and, for those, replaces the plugin's date with the build's
(formatted by the plugin's own function, in its locale, type and time zone).

Without git, or outside a repository (a copy of the site's sources, a tarball), there
is nothing to compare: the plugin already falls back to the build date
(``fallback_to_build_date``), and this hook does nothing. Hooks run after the
plugins, so the plugin has set ``page.meta`` when this runs.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

PLUGIN = "git-revision-date-localized"
META = "git_revision_date_localized"

_state: dict = {"changed": set(), "plugin": None}


def changed_pages(root: Path, docs: str = "docs") -> set[str]:
    """Pages (relative to ``docs/``) that differ from ``HEAD`` or are untracked."""
    try:
        out = subprocess.run(
            [
                "git",
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--",
                docs,
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    prefix = f"{docs}/"
    changed = set()
    entries = out.split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        status, path = entry[:2], entry[3:]
        if status[0] in "RC":  # a rename or copy is followed by its source path
            i += 1
        if "D" in status:
            continue
        if path.startswith(prefix):
            changed.add(path[len(prefix) :])
    return changed


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    plugin = config.plugins.get(PLUGIN)
    _state["plugin"] = plugin if plugin and plugin.config.get("enabled") else None
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    docs = Path(config.docs_dir).resolve()
    try:
        rel = docs.relative_to(root).as_posix()
    except ValueError:
        rel = "docs"
    _state["changed"] = changed_pages(root, rel) if _state["plugin"] else set()
    return config


def today(plugin, now: float | None = None) -> str:
    """The plugin's date markup for ``now`` (the build's time by default)."""
    from mkdocs_git_revision_date_localized_plugin.dates import get_date_formats
    from mkdocs_git_revision_date_localized_plugin.util import Util

    cfg = plugin.config
    formats = get_date_formats(
        now if now is not None else time.time(),
        locale=cfg.get("locale") or "en",
        time_zone=cfg.get("timezone") or "UTC",
        custom_format=cfg.get("custom_format"),
    )
    return Util.add_spans(formats)[cfg.get("type") or "date"]


def on_page_markdown(markdown: str, *, page: Page, **kwargs) -> str:
    plugin = _state["plugin"]
    if (
        plugin is not None
        and page.file.src_uri in _state["changed"]
        and META in page.meta
    ):
        page.meta[META] = today(plugin)
    return markdown
