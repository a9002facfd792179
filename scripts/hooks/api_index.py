"""MkDocs hook: the API index (referencia/api.md) and "Usa: …" under each example.

- ``on_files``: reads every page source and the sections it includes, resolves the
  ``torch``/``torchvision`` names each example uses (:mod:`scripts.apiref`, with
  ``ast``, on the installed packages); a name that does not exist fails the build,
  naming the file and line.
- ``on_page_markdown``: a compact "Usa: …" paragraph under each example, linking to
  the index; on ``referencia/api.md``, the index in place of ``<!-- api-index -->``.

Resolving a name imports torch and torchvision (a quarter of a cold build), so each
module's names are kept in the build cache (:mod:`scripts.hooks.cache`) under its
source, the installed torch and torchvision and the code of :mod:`scripts.apiref`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.apiref import index as api
from scripts.apiref.names import ApiNameError
from scripts.hooks import cache
from scripts.hooks.context import build_context


class CachedModuleNames(api.ModuleNames):
    """:class:`scripts.apiref.index.ModuleNames`, each module read through the cache."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.salt = cache.digest(
            cache.versions("torch", "torchvision"),
            cache.code_digest("scripts.apiref", "scripts.verification.site"),
        )

    def read(self, module: str, source: str) -> tuple[list, dict]:
        key = cache.digest(self.salt, module, source)
        return cache.memo(
            self.root,
            "api-names",
            module,
            key,
            lambda: super(CachedModuleNames, self).read(module, source),
        )

    def classes(self, names: list[str]) -> set[str]:
        key = cache.digest(self.salt, *names)
        return cache.memo(
            self.root, "api-classes", "index", key, lambda: api.class_names(names)
        )


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    root = build_context(config).root
    pages = {}
    for file in files.documentation_pages():
        try:
            pages[file.src_uri] = file.content_string
        except (OSError, UnicodeDecodeError):
            continue
    modules = CachedModuleNames(root)
    try:
        index = api.build_index(pages, root, modules)
        markdown = api.render_index(index, modules.classes(list(index)))
    except ApiNameError as exc:
        raise PluginError(f"api_index: {exc}") from exc
    build_context(config).derived.update(api_index=markdown, api_modules=modules)
    return files


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, **kwargs
) -> str:
    if page.file.src_uri == api.INDEX_PAGE:
        if api.INDEX_MARKER not in markdown:
            raise PluginError(f"api_index: {api.INDEX_PAGE} sem {api.INDEX_MARKER}")
        return markdown.replace(
            api.INDEX_MARKER, build_context(config).derived["api_index"], 1
        )
    root = build_context(config).root
    return api.insert_uses(
        markdown,
        page.file.src_uri,
        root,
        build_context(config).derived.get("api_modules"),
    )
