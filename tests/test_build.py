"""The site builds strictly, and every page it promises is there."""

import re
from pathlib import Path

import yaml

from tests.support import ROOT
from tests.support.config import mkdocs_config


def _nav_files(nav) -> list[str]:
    files: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            files += _nav_files(value)
        else:
            files.append(value)
    return files


def _config() -> dict:
    # mkdocs.yml has no custom YAML tag but !ENV (portable to Zensical): any other
    # tag fails to load here.
    return mkdocs_config(ROOT)


def test_strict_build_has_no_warning(built_site: Path):
    assert (built_site / "index.html").is_file()
    assert (built_site / "404.html").is_file()


def test_every_page_is_in_the_nav_and_built(built_site: Path):
    nav = set(_nav_files(_config()["nav"]))
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages - nav == set(), "pages missing from the nav"
    for page in nav:
        html = "index.html" if page.endswith("index.md") else "index.html"
        out = built_site / re.sub(r"(index)?\.md$", "", page) / html
        assert out.is_file(), f"{page} was not built to {out}"


# "todo" is a Portuguese word ("whole"): only the upper-case markers count.
PLACEHOLDERS = re.compile(r"(?i:em construção|lorem ipsum)|\b(TODO|TBD|FIXME)\b")


def test_no_placeholder_page():
    for page in (ROOT / "docs").rglob("*.md"):
        found = PLACEHOLDERS.search(page.read_text(encoding="utf-8"))
        assert not found, f"{page}: placeholder text {found.group(0)!r}"


def test_site_is_portuguese_and_search_is_configured(built_site: Path):
    cfg = _config()
    assert cfg["theme"]["language"] == "pt-BR"
    plugins = [p for p in cfg["plugins"] if isinstance(p, dict)]
    search = next(p["search"] for p in plugins if "search" in p)
    assert search["lang"] == "pt"
    assert '<html lang="pt"' in (built_site / "index.html").read_text(encoding="utf-8")


def test_requirements_are_pinned_exactly():
    for req in (ROOT / "requirements").glob("*.txt"):
        for line in req.read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][^=<>~ ]*", line), (
                    f"{req.name}: '{line}' is not pinned with =="
                )
    docs = (ROOT / "requirements/docs.txt").read_text(encoding="utf-8")
    assert re.search(r"^mkdocs==1\.", docs, re.M), "MkDocs must stay on 1.x (mkdocs<2)"


def test_pre_commit_runs_the_pinned_ruff():
    dev = (ROOT / "requirements/dev.txt").read_text(encoding="utf-8")
    pinned = re.search(r"^ruff==(\S+)", dev, re.M).group(1)
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    ruff = next(r for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit"))
    assert ruff["rev"] == f"v{pinned}", "pre-commit and requirements/dev.txt differ"
    assert {h["id"] for h in ruff["hooks"]} == {"ruff-check", "ruff-format"}


def test_readme_layout_lists_every_top_level_folder():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("```")[1]
    entries = [line.split()[0] for line in layout.splitlines() if line.strip()]
    listed = {entry.split("/")[0] for entry in entries}
    ignored = {".git", ".venv", ".cache", ".ruff_cache", ".pytest_cache", "site"}
    folders = {
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and p.name not in ignored and p.name != "test-artifacts"
    }
    assert folders - listed == set(), "folders missing from the README's layout"
    assert ".ci/run" in entries and (ROOT / ".ci/run").is_file()
    assert (ROOT / "ARCHITECTURE.md").is_file() and "ARCHITECTURE.md" in readme


def test_config_has_no_tag_but_env(tmp_path: Path):
    """The loader the guards use refuses any other tag (the check can fail)."""
    import pytest

    config = _config()
    assert config["site_name"] and config["nav"]
    (tmp_path / "mkdocs.yml").write_text(
        (ROOT / "mkdocs.yml").read_text("utf-8") + "\ndocs_dir: !relative docs\n",
        "utf-8",
    )
    with pytest.raises(yaml.constructor.ConstructorError, match="!relative"):
        mkdocs_config(tmp_path)
