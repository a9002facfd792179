"""The published forms of the profile, read from the built site.

- ``profile.json`` validates against the published ``profile.schema.json`` and
  carries the data file, the verified torch versions and each use case's examples;
- ``llms.txt`` has the llmstxt.org shape (H1, summary blockquote, sections of
  links with descriptions) and every link points to a published file;
- every code block of the Markdown pages and of ``llms-full.txt`` is byte-identical
  to the tested sections named in its title (as ``tests/drift/html_blocks.py``
  checks the HTML), and is followed by the line saying where it was verified;
- every page offers "Ver em Markdown"; the home and Verificação pages link to the
  files.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import jsonschema
import pytest

from scripts.downloads.sources import include_text
from scripts.profile.load import site_profile
from scripts.verification import site
from tests.support import ROOT

_FENCE = re.compile(
    r'^(?P<fence>`{3,})python title="(?P<specs>[^"]+)"\n(?P<body>.*?)\n(?P=fence)\n'
    r"\n(?P<after>(?:\*Verificado — [^\n]*\n)+)",
    re.M | re.S,
)
_LINK = re.compile(r"^- \[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)(?:: (?P<desc>.+))?$")


def _markdown_pages(site_dir: Path) -> list[Path]:
    text = (site_dir / "llms.txt").read_text(encoding="utf-8")
    urls = [m["url"] for m in map(_LINK.match, text.splitlines()) if m]
    return [site_dir / u for u in urls if u.endswith(".md")]


def test_profile_json_validates_against_its_published_schema(built_site: Path):
    doc = json.loads((built_site / "profile.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "profile.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["profile"] == site_profile(ROOT)
    assert doc["verified_versions"]["cpu"], "no torch version verified on CPU"
    gan = next(u for u in doc["use_cases"] if u["id"] == "gans")
    (example,) = gan["examples"]
    assert example["module"] == "snippets/use_cases/gan_2d.py"
    assert {"cpu", "gpu"} <= set(example["status"])
    assert (built_site / gan["pages"][0]["markdown"]).is_file()


def test_published_schema_refuses_a_broken_document(built_site: Path):
    doc = json.loads((built_site / "profile.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "profile.schema.json").read_text("utf-8"))
    doc["profile"]["use_cases"][0]["confidence"] = 2
    with pytest.raises(jsonschema.ValidationError, match="maximum of 1"):
        jsonschema.Draft202012Validator(schema).validate(doc)


def test_llms_txt_has_the_llmstxt_shape(built_site: Path):
    lines = (built_site / "llms.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and lines[2].startswith("> ")
    sections = [line for line in lines if line.startswith("## ")]
    assert "## Dados" in sections and "## Casos de uso" in sections
    links = [m for m in map(_LINK.match, lines) if m]
    assert len(links) > 40
    for m in links:
        assert (built_site / m["url"]).is_file(), m["url"]
        assert m["desc"], f"{m['url']} has no description"
    assert len(_markdown_pages(built_site)) == len(list((ROOT / "docs").rglob("*.md")))


def _check_blocks(text: str, where: str) -> int:
    problems, count = [], 0
    for m in _FENCE.finditer(text):
        count += 1
        specs = m["specs"].split(" ")
        expected = "\n\n".join(include_text(ROOT, spec) for spec in specs)
        if m["body"] != expected:
            problems.append(f"{where}: block from {m['specs']} differs")
        modules = dict.fromkeys(site.split_spec(s)[0] for s in specs)
        verified = re.findall(r"^\*Verificado — `([^`]+)`", m["after"], re.M)
        if verified != list(modules):
            problems.append(f"{where}: {m['specs']} verified lines {verified}")
        source = "\n".join((ROOT / p).read_text("utf-8") for p in modules)
        for line in m["body"].splitlines():  # independent of include_text
            if line.strip() and line.strip() not in source:
                problems.append(f"{where}: {line!r} is not in {list(modules)}")
    python_fences = len(re.findall(r"^`{3,}python", text, re.M))
    assert count == python_fences, f"{where}: a python block without its sources"
    assert not problems, "\n".join(problems)
    return count


def test_code_blocks_are_the_tested_sections(built_site: Path):
    total = sum(
        _check_blocks(p.read_text(encoding="utf-8"), str(p.relative_to(built_site)))
        for p in _markdown_pages(built_site)
    )
    full = (built_site / "llms-full.txt").read_text(encoding="utf-8")
    assert _check_blocks(full, "llms-full.txt") == total > 100


def test_markdown_pages_show_records_not_placeholders(built_site: Path):
    for page in _markdown_pages(built_site):
        text = page.read_text(encoding="utf-8")
        assert "{{" not in text and "--8<--" not in text, page
    gan = (built_site / "casos-de-uso/gan/index.md").read_text(encoding="utf-8")
    assert "confiança 0,93" in gan and "Saída esperada" in gan


def _href(html: str, text: str) -> str:
    m = re.search(rf'<a [^>]*href="([^"]+)"[^>]*>{re.escape(text)}</a>', html)
    assert m, f"no link {text!r}"
    return m.group(1)


def test_every_page_offers_its_markdown(built_site: Path):
    for path in sorted((ROOT / "docs").rglob("*.md")):
        src = path.relative_to(ROOT / "docs").as_posix()
        url = src.removesuffix(".md")
        url = url.removesuffix("index") if url.split("/")[-1] == "index" else url + "/"
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        target = posixpath.normpath(posixpath.join(url, _href(html, "Ver em Markdown")))
        assert (built_site / target).is_file(), src


@pytest.mark.parametrize("page", ["", "referencia/verificacao/"])
def test_home_and_verification_link_the_files(built_site: Path, page: str):
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    for name in ("profile.json", "llms.txt", "llms-full.txt"):
        target = posixpath.normpath(posixpath.join(page or ".", _href(html, name)))
        assert target == name and (built_site / target).is_file(), (page, name)


def test_markdown_links_reach_the_markdown_pages(built_site: Path):
    pages = {p: p.parent for p in _markdown_pages(built_site)}
    pages[built_site / "llms-full.txt"] = built_site
    for page, folder in pages.items():
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (folder / target.split("#")[0]).resolve()
            assert path.is_file(), f"{page.relative_to(built_site)}: {target}"
