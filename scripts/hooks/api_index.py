"""MkDocs hook: the API index (referencia/api.md) and "Usa: …" under each example.

- ``on_files``: reads every page source and the sections it includes, resolves the
  ``torch``/``torchvision`` names each example uses (:mod:`scripts.apiref`, with
  ``ast``, on the installed packages); a name that does not exist fails the build,
  naming the file and line.
- ``on_page_markdown``: a compact "Usa: …" paragraph under each example, linking to
  the index; on ``referencia/api.md``, the index in place of ``<!-- api-index -->``.

Registered right after ``source_checks.py``, so it reads the page as written (its
fences) before the other hooks add their blocks under the title.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from scripts.apiref import index as api  # noqa: E402
from scripts.apiref.names import ApiNameError  # noqa: E402

_state: dict = {"root": Path.cwd(), "index": {}}


def on_config(config):
    _state["root"] = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    return config


def on_files(files, config):
    pages = {}
    for file in files.documentation_pages():
        try:
            pages[file.src_uri] = file.content_string
        except (OSError, UnicodeDecodeError):
            continue
    try:
        index = api.build_index(pages, _state["root"])
        _state["markdown"] = api.render_index(index)
    except ApiNameError as exc:
        raise PluginError(f"api_index: {exc}") from exc
    _state["index"] = index
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == api.INDEX_PAGE:
        if api.INDEX_MARKER not in markdown:
            raise PluginError(f"api_index: {api.INDEX_PAGE} sem {api.INDEX_MARKER}")
        return markdown.replace(api.INDEX_MARKER, _state["markdown"], 1)
    return api.insert_uses(markdown, page.file.src_uri, _state["root"])
