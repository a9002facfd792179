"""The error index's data: the message catalog and the runs that raised each entry.

The tests of ``snippets/errors/`` write ``snippets/errors/messages/<category>.json``
(each entry's type, the stable fragment the test requires, where it reproduces) and
the recorder keeps, per runner, the message each run raised. A page
(``scripts/verification/error_render.py``) and a notebook
(:mod:`scripts.downloads.markdown`) both show an entry from here, so they show the
same message: the first runner's own run, else the catalog's stable fragment.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from scripts.verification.digest import current_sha256
from scripts.verification.environment import parse_version, public_version
from scripts.verification.runners import runner_order
from scripts.verification.versions import split_runner

#: Where the error tests record the catalog, relative to the repository root.
MESSAGES = Path("snippets/errors/messages")


class CatalogError(ValueError):
    """A category or entry the catalog does not have."""


class Run(NamedTuple):
    """One recorded run that raised an entry."""

    runner: str  # the record's name: `cpu`, `gpu`, `cpu-torch-2.6.0`
    record: dict
    type: str
    message: str
    stale: bool  # the module changed since that run

    @property
    def is_version_record(self) -> bool:
        return split_runner(self.runner)[1]


def catalog(root: Path, category: str) -> dict:
    """``messages/<category>.json``; :class:`CatalogError` when it does not exist."""
    path = root / MESSAGES / f"{category}.json"
    if not path.is_file():
        raise CatalogError(f"error_message: {path} não existe")
    return json.loads(path.read_text(encoding="utf-8"))


def entry(root: Path, category: str, slug: str) -> dict:
    """One entry of the catalog; :class:`CatalogError` when it has no ``slug``."""
    found = catalog(root, category)["entries"].get(slug)
    if found is None:
        raise CatalogError(
            f"error_message({category!r}, {slug!r}): {slug!r} não está em "
            f"{MESSAGES / (category + '.json')}"
        )
    return found


def catalog_files(root: Path) -> list[Path]:
    """The catalog's files, one per category."""
    return sorted((root / MESSAGES).glob("*.json"))


def error_count(root: Path) -> int:
    """How many entries the catalog has (every category)."""
    return sum(
        len(json.loads(path.read_text(encoding="utf-8"))["entries"])
        for path in catalog_files(root)
    )


def recorded(records: dict, category: str, slug: str, root: Path) -> list[Run]:
    """Every recorded run that raised ``slug``: the runners' own records first
    (CPU, then GPU), then the version records, oldest torch first."""
    module = f"snippets/errors/{category}.py"
    sha = current_sha256(root / module)
    names = [r for r in runner_order(records) if r in records]
    names += sorted(
        (r for r in records if split_runner(r)[1]),
        key=lambda r: parse_version(
            public_version(records[r]["versions"].get("torch"))
        ),
    )
    found = []
    for name in names:
        module_entry = records[name]["modules"].get(module)
        error = (module_entry or {}).get("errors", {}).get(slug)
        if error:
            stale = module_entry["sha256"] != sha
            found.append(
                Run(name, records[name], error["type"], error["message"], stale)
            )
    return found


def shown_message(records: dict, category: str, slug: str, root: Path) -> str:
    """``Type: message`` as a page shows it first: the first runner's own run, else
    the catalog's stable fragment between ellipses."""
    own = [
        r for r in recorded(records, category, slug, root) if not r.is_version_record
    ]
    if own:
        return f"{own[0].type}: {own[0].message.rstrip()}"
    found = entry(root, category, slug)
    return f"{found['type']}: … {found['stable']} …"
