"""Build step: mkdocstrings' rendering of each ``::: module`` block, kept.

Thirty pages end with ``::: snippets.<package>.<module>``: mkdocstrings renders the
module's functions and classes (signatures formatted by ruff, one subprocess each,
docstrings converted to HTML, the signatures highlighted). That took about 0.9 s of
every build, though the HTML only changes when a module, the options or the
libraries change. So, through the handler's public API (``Handlers.get_handler``,
``BaseHandler.render`` and ``get_headings``), this step:

- gives the handler's Jinja environment the build's bytecode cache (its ~40
  templates were compiled again in every build; they are read while the pages are
  converted, before MkDocs' ``on_env``, hence here in ``on_files``);
- keeps each rendering in :mod:`scripts.hooks.cache`, with the headings it
  produced (mkdocstrings puts them in the page's table of contents and registers
  their anchors) and the warnings it logged (replayed on a hit, so a strict build
  still fails on them). The key hashes what the HTML is made from: every module of
  the package griffe loaded (a signature may name a class of another module), the
  options, the locale, the site configuration (Markdown extensions), the template
  overrides and the versions of the libraries that render.

``griffe``'s collection still runs every build (mkdocstrings asks the handler for
each object's aliases); only the rendering is kept.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from scripts.hooks import cache
from scripts.hooks.context import build_context

HANDLER = "python"
#: Libraries whose version changes the HTML (highlighting and signature formatting
#: included).
RENDERING_LIBRARIES = (
    "mkdocstrings",
    "mkdocstrings-python",
    "griffelib",
    "mkdocs-autorefs",
    "markdown",
    "pymdown-extensions",
    "pygments",
    "jinja2",
    "ruff",
    "black",
)
#: The loggers a rendering warns through (mkdocstrings' templates and handler).
_LOGGER = logging.getLogger("mkdocs")


class _Warnings(logging.Handler):
    """The warnings logged while one object is rendered."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _package_files(data: Any) -> list[Path]:
    package = Path(data.package.filepath)
    if package.name == "__init__.py":
        return sorted(p for p in package.parent.rglob("*.py") if p.is_file())
    return [package]


def install(handler: Any, *, root: Path, inputs: str) -> None:
    """Wrap ``handler.render`` and ``handler.get_headings`` with the disk cache.

    ``inputs`` hashes what every rendering shares (configuration, templates,
    library versions); the package's modules are hashed per object.
    """
    render, get_headings = handler.render, handler.get_headings
    pending: list[ElementTree.Element] = []
    packages: dict[str, str] = {}  # package folder -> digest, once per build

    def package_digest(data: Any) -> str:
        package = str(data.package.filepath)
        if package not in packages:
            files = _package_files(data)
            packages[package] = cache.files_digest(files, files[0].parent.parent)
        return packages[package]

    def cached_render(data: Any, options: Any, locale: str | None = None) -> str:
        key = cache.digest(inputs, package_digest(data), repr(options), str(locale))

        computed = []

        def compute() -> tuple[str, list, list[tuple[str, int, str]]]:
            computed.append(True)
            warnings = _Warnings()
            _LOGGER.addHandler(warnings)
            try:
                html = render(data, options, locale=locale)
            finally:
                _LOGGER.removeHandler(warnings)
            return html, list(get_headings()), warnings.records

        html, headings, warnings = cache.memo(
            root, "mkdocstrings", data.path, key, compute
        )
        if not computed:  # logged once already when it was rendered
            for name, level, message in warnings:
                logging.getLogger(name).log(level, message)
        # Copies: the extension moves them into the page's tree.
        pending[:] = copy.deepcopy(headings)
        return html

    def cached_headings() -> list[ElementTree.Element]:
        result = [*pending, *get_headings()]
        pending.clear()
        return result

    handler.render = cached_render
    handler.get_headings = cached_headings


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    plugin = config.plugins.get("mkdocstrings")
    if plugin is None:
        return files
    context = build_context(config)
    handler = plugin.get_handler(HANDLER)
    handler.env.bytecode_cache = cache.template_cache(context.root)
    if cache.enabled() and not getattr(handler, "_render_cached", False):
        inputs = cache.digest(
            context.code_digest(__name__),
            Path(config.config_file_path).read_text(encoding="utf-8"),
            context.folder_digest("mkdocstrings-templates"),
            cache.versions(*RENDERING_LIBRARIES),
        )
        install(handler, root=context.root, inputs=inputs)
        handler._render_cached = True
    return files
