"""The build's shared data: loaded once per build, fresh for the next one."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from scripts.hooks import context as ctx
from scripts.hooks import profile_data
from scripts.verification import schema
from tests.support import ROOT
from tests.support.repo_copy import copy_repo


def test_one_context_per_configuration(monkeypatch):
    calls = []
    real = schema.load_records

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(schema, "load_records", counted)
    config = load_config(str(ROOT / "mkdocs.yml"))
    first = ctx.build_context(config)
    assert ctx.build_context(config) is first
    first.records, first.records, ctx.build_context(config).records  # noqa: B018
    assert len(calls) == 1  # the records are read once for the whole build
    again = load_config(str(ROOT / "mkdocs.yml"))  # what `mkdocs serve` does
    assert ctx.build_context(again) is not first


def test_code_generated_from_an_older_profile_stops_the_build(tmp_path: Path):
    repo = copy_repo(tmp_path / "repo")
    module = repo / "snippets" / "selection" / "score.py"
    text = module.read_text(encoding="utf-8")
    assert "BASE_SCORE = 0.70" in text
    module.write_text(text.replace("BASE_SCORE = 0.70", "BASE_SCORE = 0.71"), "utf-8")
    config = load_config(str(repo / "mkdocs.yml"))
    with pytest.raises(PluginError, match=r"score\.py.*make profile-code"):
        profile_data.on_config(config)
