"""mkdocstrings' rendering kept between builds: the same HTML, headings and warnings."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from xml.etree.ElementTree import Element

import pytest
import yaml

from scripts.hooks import api_render, cache
from tests.support.build import build_site, step_hook


class FakeHandler:
    """The two methods the step wraps, counting the renderings."""

    calls = 0  # over every build's handler

    def __init__(self) -> None:
        self._headings: list[Element] = []

    def render(self, data, options, locale=None) -> str:
        FakeHandler.calls += 1
        logging.getLogger("mkdocs.plugins.mkdocstrings").warning("sem docstring: x")
        self._headings.append(Element("h3", {"id": data.path}))
        return f"<p>{data.path} {options} {locale}</p>"

    def get_headings(self) -> list[Element]:
        found, self._headings = self._headings, []
        return found


@pytest.fixture
def package(tmp_path: Path, monkeypatch) -> SimpleNamespace:
    monkeypatch.setattr(cache, "_memory", {})
    monkeypatch.delenv("BUILD_CACHE", raising=False)
    monkeypatch.setenv("BUILD_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "pkg").mkdir()
    init = tmp_path / "pkg" / "__init__.py"
    init.write_text('"""Pacote."""\n', encoding="utf-8")
    (tmp_path / "pkg" / "mod.py").write_text('"""Módulo."""\n', encoding="utf-8")
    return SimpleNamespace(path="pkg.mod", package=SimpleNamespace(filepath=init))


def _render_twice(handler, data, root: Path, caplog) -> tuple[list[str], list]:
    api_render.install(handler, root=root, inputs="inputs")
    pages, headings = [], []
    for _ in range(2):
        with caplog.at_level(logging.WARNING):
            pages.append(handler.render(data, "opções", locale="pt-BR"))
        headings.append([h.get("id") for h in handler.get_headings()])
    return pages, headings


def test_a_kept_rendering_gives_the_same_html_headings_and_warnings(
    package, tmp_path: Path, caplog
):
    FakeHandler.calls = 0
    pages, headings = _render_twice(FakeHandler(), package, tmp_path, caplog)
    assert FakeHandler.calls == 1
    assert pages[0] == pages[1] == "<p>pkg.mod opções pt-BR</p>"
    assert headings == [["pkg.mod"], ["pkg.mod"]]
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned == ["sem docstring: x", "sem docstring: x"]  # strict still fails


def test_an_edit_anywhere_in_the_package_renders_again(package, tmp_path):
    FakeHandler.calls = 0
    handler = FakeHandler()
    api_render.install(handler, root=tmp_path, inputs="inputs")
    handler.render(package, "opções")
    handler.render(package, "opções")
    (tmp_path / "pkg" / "outro.py").write_text("X = 1\n", encoding="utf-8")
    handler = FakeHandler()  # the next build's
    api_render.install(handler, root=tmp_path, inputs="inputs")
    handler.render(package, "opções")
    handler.render(package, "outras opções")
    assert FakeHandler.calls == 3


_PAGE = "# API\n\n::: pkg.mod\n"
_MODULE = '''"""Um módulo de exemplo."""


def soma(a: int, b: int = 2) -> int:
    """Soma dois números.

    Args:
        a: o primeiro.
        b: o segundo.

    Returns:
        A soma.
    """
    return a + b
'''


def _site(where: Path) -> Path:
    (where / "docs").mkdir(parents=True)
    (where / "docs" / "index.md").write_text(_PAGE, encoding="utf-8")
    (where / "pkg").mkdir()
    (where / "pkg" / "__init__.py").write_text('"""Pacote."""\n', encoding="utf-8")
    (where / "pkg" / "mod.py").write_text(_MODULE, encoding="utf-8")
    (where / "mkdocstrings-templates").mkdir()
    config = {
        "site_name": "t",
        "strict": True,
        "theme": {"name": "material", "language": "pt-BR"},
        "plugins": [
            {"mkdocstrings": {"handlers": {"python": {"paths": ["."]}}}},
        ],
        "markdown_extensions": ["toc"],
        "hooks": [step_hook(where, "api_render", "on_files")],
    }
    (where / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return where


def _build(where: Path, site: str, **env: str) -> str:
    proc = build_site(where / site, where, **env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return (where / site / "index.html").read_text(encoding="utf-8")


def test_a_warm_build_shows_what_an_uncached_one_shows(tmp_path: Path):
    where = _site(tmp_path / "site")
    cached = {"BUILD_CACHE_DIR": str(tmp_path / "cache")}
    uncached = _build(where, "off", BUILD_CACHE="0")
    cold = _build(where, "cold", **cached)
    warm = _build(where, "warm", **cached)
    assert list((tmp_path / "cache" / "mkdocstrings").iterdir())
    assert uncached == cold == warm
    # The object's heading is in the table of contents and has its anchor.
    assert 'href="#pkg.mod.soma"' in warm and 'id="pkg.mod.soma"' in warm
    assert "Soma dois números." in warm
