"""The build cache: a value is reused only under the same key, and can be turned off."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scripts.hooks import cache


@pytest.fixture
def fresh(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(cache, "_memory", {})
    monkeypatch.delenv("BUILD_CACHE", raising=False)
    monkeypatch.setenv("BUILD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def test_a_value_is_computed_once_per_key_and_again_for_a_new_one(fresh, monkeypatch):
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert cache.memo(fresh, "kind", "page", "k1", lambda: compute(1)) == 1
    assert cache.memo(fresh, "kind", "page", "k1", lambda: compute(2)) == 1
    monkeypatch.setattr(cache, "_memory", {})  # a new process: read from disk
    assert cache.memo(fresh, "kind", "page", "k1", lambda: compute(3)) == 1
    assert cache.memo(fresh, "kind", "page", "k2", lambda: compute(4)) == 4
    assert calls == [1, 4]
    assert len(list((fresh / "cache" / "kind").iterdir())) == 1  # one entry per name


def test_a_truncated_entry_is_computed_again(fresh, monkeypatch):
    cache.memo(fresh, "kind", "page", "k1", lambda: "kept")
    (entry,) = (fresh / "cache" / "kind").iterdir()
    entry.write_bytes(entry.read_bytes()[:5])
    monkeypatch.setattr(cache, "_memory", {})
    assert cache.memo(fresh, "kind", "page", "k1", lambda: "again") == "again"


def test_turned_off_it_computes_every_time_and_writes_nothing(fresh, monkeypatch):
    monkeypatch.setenv("BUILD_CACHE", "0")
    assert cache.memo(fresh, "kind", "page", "k", lambda: 1) == 1
    assert cache.memo(fresh, "kind", "page", "k", lambda: 2) == 2
    assert not (fresh / "cache").exists()


def test_the_code_digest_follows_a_package_s_templates(tmp_path: Path, monkeypatch):
    package = tmp_path / "cachedpkg"
    (package / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    template = package / "templates" / "t.html"
    template.write_text("<p>{{ x }}</p>", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "cachedpkg", raising=False)
    before = cache.code_digest("cachedpkg")
    template.write_text("<p>{{ y }}</p>", encoding="utf-8")
    assert cache.code_digest("cachedpkg") != before
