"""MkDocs hook: the benchmark records (``verification/bench-*.json``) on the page.

- ``on_config``: reads and validates every ``verification/bench-*.json``; a malformed
  file aborts the build with a message naming the file and the problem.
- ``on_page_markdown``: replaces each ``<!-- bench:NAME -->`` marker (``summary``,
  ``environment``, ``training``, ``inference``, ``dataloader``, ``memory``) with
  the tables and inline SVG charts of :mod:`scripts.verification.bench_render`.

The record format and its validation are :mod:`scripts.verification.benchmarks`;
the runner that writes the records is ``python -m scripts.benchmarks``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads hooks by file path: put the repository root on sys.path so
# `scripts.verification` is imported as the tests import it (one module object).
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from scripts.verification import bench_render  # noqa: E402
from scripts.verification.benchmarks import load_bench_records  # noqa: E402
from scripts.verification.schema import RecordError  # noqa: E402

_state: dict = {"root": Path.cwd(), "records": {}}


def on_config(config):
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    _state["root"] = root
    try:
        _state["records"] = load_bench_records(root / "verification", root)
    except RecordError as exc:
        raise PluginError(
            f"benchmarks_page: registro de benchmark inválido — {exc}. "
            "Regrave-o com python -m scripts.benchmarks."
        ) from exc
    return config


def on_page_markdown(markdown, page, config, files):
    if "<!-- bench:" not in markdown:
        return markdown
    return bench_render.render_page(markdown, _state["records"], _state["root"])
