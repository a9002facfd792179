"""`make build-times`: the bare build it compares with is the same Markdown, bare."""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts.build_times import SERVE, bare_config
from tests.support import ROOT
from tests.support.config import mkdocs_config


def test_the_bare_build_keeps_the_markdown_and_drops_hooks_and_plugins(tmp_path: Path):
    bare = yaml.safe_load(bare_config(tmp_path).read_text(encoding="utf-8"))
    ours = mkdocs_config(ROOT)
    assert bare["markdown_extensions"] == ours["markdown_extensions"]
    assert bare["plugins"] == [] and "hooks" not in bare
    assert bare["theme"] == {"name": "material", "language": ours["theme"]["language"]}
    assert Path(bare["docs_dir"]) == ROOT / "docs"


def test_the_reload_is_timed_on_the_server_make_serve_starts():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"$(BIN)/mkdocs {' '.join(SERVE)} -a 127.0.0.1:8000" in makefile
