"""MkDocs hook: verification badges under each page's H1 and the verification matrix.

- `on_config`: reads and validates every `verification/*.json`; a malformed file
  aborts the build with a message naming the file and the problem.
- `on_files`: maps each snippet module to the pages that include it (for the matrix).
- `on_page_markdown`: a page that includes `snippets/....py` gets, right after its
  first `# ` heading, one row per module with one badge per runner; the page that
  holds `<!-- verification-matrix -->` gets the whole matrix in its place (and
  `<!-- verification-legend -->`, a table of sample badges).

The rendering lives in `scripts/verification_report.py` (importable by the tests).
"""

from __future__ import annotations

import importlib.util
import posixpath
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

_SCRIPTS = Path(__file__).resolve().parent.parent


def _load_report_module():
    name = "verification_report"
    module = sys.modules.get(name)
    if module is not None and Path(module.__file__).resolve().parent == _SCRIPTS:
        return module
    spec = importlib.util.spec_from_file_location(name, _SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


vr = _load_report_module()

_state: dict = {"root": Path.cwd(), "records": {}, "pages": {}}


def on_config(config):
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    _state["root"] = root
    _state["pages"] = {}
    try:
        _state["records"] = vr.load_records(root / "verification", root)
    except vr.RecordError as exc:
        raise PluginError(
            f"verification_badges: arquivo de resultados inválido — {exc}. "
            "Regrave-o com scripts/record_verification.py."
        ) from exc
    return config


def on_files(files, config):
    """Module -> [(page title, page src path)] from the page sources."""
    pages: dict[str, list[tuple[str, str]]] = {}
    for file in files.documentation_pages():
        try:
            source = file.content_string
        except (OSError, UnicodeDecodeError):
            continue
        title = vr.page_title(source, file.src_uri)
        for module in vr.find_includes(source):
            pages.setdefault(module, []).append((title, file.src_uri))
    _state["pages"] = pages
    _state["files"] = files
    return files


def on_page_markdown(markdown, page, config, files):
    root, records = _state["root"], _state["records"]
    if vr.MATRIX_MARKER in markdown:
        here = posixpath.dirname(page.file.src_uri)
        pages = {
            module: [
                (title, posixpath.relpath(src, here or ".")) for title, src in shown
            ]
            for module, shown in _state["pages"].items()
        }
        markdown = markdown.replace(
            vr.MATRIX_MARKER, vr.render_matrix(records, root, pages), 1
        )
    if vr.LEGEND_MARKER in markdown:
        markdown = markdown.replace(vr.LEGEND_MARKER, vr.render_legend(), 1)
    modules = [m for m in vr.find_includes(markdown) if (root / m).is_file()]
    if not modules:
        return markdown
    target = files.get_file_from_path(vr.VERIFICATION_PAGE)
    matrix_url = get_relative_url(target.url, page.url) if target else None
    block = vr.render_page_badges(modules, records, root, matrix_url)
    return vr.insert_after_h1(markdown, block)
