"""``profile.json``: the profile's data plus what the records say about its examples.

Shape (``profile.schema.json``, :func:`scripts.profile.schema.published_schema`):

- ``profile``: the data file as read (every section; each corrected fact keeps
  ``seed`` beside the corrected value, and ``corrections`` has a source per row);
- ``verified_versions``: per runner, the torch versions on which every example
  passed (ascending: the first is the minimum, the last the recommended);
- ``use_cases``: per use case, its pages (source, URL, Markdown version) and the
  snippet modules those pages include, each with its status per runner and the
  torch versions it passed on (:mod:`scripts.verification.status`, ``versions``).
"""

from __future__ import annotations

from pathlib import Path

from scripts.downloads.links import page_url
from scripts.profile.schema import SCHEMA_VERSION
from scripts.verification import site
from scripts.verification.digest import current_sha256 as file_sha256
from scripts.verification.runners import runner_order
from scripts.verification.status import module_status
from scripts.verification.versions import module_versions, site_versions


def markdown_path(src_uri: str) -> str:
    """Where the page's Markdown version is published (next to its ``index.html``)."""
    return page_url(src_uri) + "index.md"


def example_status(module: str, records: dict[str, dict], root: Path) -> dict:
    """``{runner: {kind, label, text, torch}}`` for one snippet module."""
    sha = file_sha256(root / module)
    out = {}
    for runner in runner_order(records):
        status = module_status(runner, records.get(runner), module, sha)
        versions = module_versions(runner, records, module, sha).verified
        out[runner] = {
            "kind": status.kind,
            "label": status.label,
            "text": status.text,
            "torch": versions,
        }
    return out


def published_profile(
    profile: dict, records: dict[str, dict], root: Path, docs: Path
) -> dict:
    """The ``profile.json`` document for ``profile``."""
    use_cases = []
    for use_case in profile["use_cases"]:
        pages, examples = [], []
        for page in use_case["pages"]:
            pages.append(
                {"page": page, "url": page_url(page), "markdown": markdown_path(page)}
            )
            source = (docs / page).read_text(encoding="utf-8")
            for module in site.find_includes(source):
                examples.append(
                    {
                        "module": module,
                        "page": page,
                        "status": example_status(module, records, root),
                    }
                )
        use_cases.append(
            {
                "id": use_case["id"],
                "title": use_case["title"],
                "confidence": use_case["confidence"],
                "pages": pages,
                "examples": examples,
            }
        )
    shas = {m: file_sha256(root / m) for m in site.snippet_module_paths(root)}
    runners = [r for r in runner_order(records) if r in records]
    return {
        "$schema": "profile.schema.json",
        "format": SCHEMA_VERSION,
        "generated_from": f"profile/{profile['id']}.yml",
        "profile": profile,
        "verified_versions": {
            r: [
                row.torch
                for row in site_versions(r, records, shas)
                if row.fully_verified
            ]
            for r in runners
        },
        "use_cases": use_cases,
    }
