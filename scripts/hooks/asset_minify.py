"""MkDocs hook: the site's own CSS and JavaScript are published minified.

Page weight (issue 17): every page downloads the site's stylesheets (`extra_css`,
mkdocstrings' `_mkdocstrings.css`) and the search worker
(`assets/javascripts/pagefind-material-worker.js`). Their sources carry long
comments that say why each rule exists; the reader's browser needs none of them.
Material's own bundles (`*.min.css`, `*.min.js`) are already minified and are left
alone. The sources in `docs/` and `overrides/` stay as written; only the copies in
`site_dir` change.

The minifiers are kept libraries, not ours: `rcssmin` and `rjsmin` (both by André
Malo, conservative: no renaming, strings, template literals and regular
expressions kept, line breaks kept where automatic semicolon insertion needs them).
They replaced a 249-line hand-written pair. Registered in `mkdocs.yml`, under
`hooks:`, after the Pagefind hook (which writes the worker's page table first).
"""

from __future__ import annotations

import logging
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.asset_minify")

#: Scripts of the theme override to minify, relative to `site_dir`.
SCRIPTS = ["assets/javascripts/pagefind-material-worker.js"]


def minify_js(text: str) -> str:
    """JavaScript without comments and needless whitespace (`rjsmin`)."""
    return rjsmin.jsmin(text).strip() + "\n"


def minify_css(text: str) -> str:
    """CSS without comments and needless whitespace (`rcssmin`)."""
    return rcssmin.cssmin(text).strip() + "\n"


def _stylesheets(site_dir: Path) -> list[Path]:
    """The site's own stylesheets: every `.css` except Material's `*.min.css`."""
    return sorted(
        path for path in site_dir.rglob("*.css") if not path.name.endswith(".min.css")
    )


def minify_site(site_dir: Path) -> int:
    """Minify the stylesheets and `SCRIPTS` of `site_dir` in place; bytes saved."""
    saved = 0
    files = [(path, minify_css) for path in _stylesheets(site_dir)]
    files += [(site_dir / name, minify_js) for name in SCRIPTS]
    for path, minify in files:
        source = path.read_text(encoding="utf-8")
        small = minify(source)
        path.write_text(small, encoding="utf-8")
        saved += len(source.encode()) - len(small.encode())
    return saved


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    """Minify the site's own CSS and the search worker (see the module docstring)."""
    saved = minify_site(Path(config["site_dir"]))
    log.info("Comments left out of the site's CSS and JavaScript: %d KB", saved // 1024)
