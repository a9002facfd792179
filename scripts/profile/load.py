"""Read a profile file and validate it; every error names the file and the field.

YAML is read without implicit dates (``2025-01-15`` stays the text the schema
checks as an ISO date). Beyond the schema (``jsonschema``, with format checks):
ids are unique, every use-case id a keyword names exists, and every page a fact
points to is a page of the site when ``docs`` is given.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts.profile.schema import PROFILE_SCHEMA


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and field."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """``yaml.SafeLoader`` without the implicit timestamp type (libyaml's parser
    when PyYAML has it: the same data, ten times faster)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith("timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def field_path(parts) -> str:
    """``["use_cases", 2, "confidence"]`` -> ``use_cases[2].confidence``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text or "(raiz)"


def _cross_checks(data: dict, docs: Path | None) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    ids = [u["id"] for u in data["use_cases"]]
    for i, uid in enumerate(ids):
        if uid in ids[:i]:
            problems.append((f"use_cases[{i}].id", f"duplicate use-case id {uid!r}"))
    for i, keyword in enumerate(data["keywords"]):
        for j, uid in enumerate(keyword.get("use_cases", [])):
            if uid not in ids:
                problems.append(
                    (
                        f"keywords[{i}].use_cases[{j}]",
                        f"unknown use-case id {uid!r} (known: {', '.join(ids)})",
                    )
                )
    if docs is not None:
        for where, page in _pages(data):
            if not (docs / page).is_file():
                problems.append((where, f"page {page!r} not found under docs/"))
    return problems


def _pages(data: dict):
    """``(field, page)`` of every page the data points to."""
    for i, use_case in enumerate(data["use_cases"]):
        for j, page in enumerate(use_case["pages"]):
            yield f"use_cases[{i}].pages[{j}]", page
    for i, keyword in enumerate(data["keywords"]):
        if "see" in keyword:
            yield f"keywords[{i}].see.page", keyword["see"]["page"]


def validate(data: object, source: str, docs: Path | None = None) -> dict:
    """Return ``data`` when it is a valid profile; else raise :class:`ProfileError`.

    Args:
        data: the parsed file.
        source: the file name for messages.
        docs: the docs folder, to check that the pages named exist.
    """
    import jsonschema  # 35 ms to import: only when a profile is validated

    validator = jsonschema.Draft202012Validator(
        PROFILE_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        lines = [f"{field_path(e.absolute_path)}: {e.message}" for e in errors]
        raise ProfileError(f"{source}: " + "; ".join(lines))
    problems = _cross_checks(data, docs)  # type: ignore[arg-type]
    if problems:
        raise ProfileError(
            f"{source}: " + "; ".join(f"{where}: {why}" for where, why in problems)
        )
    return data  # type: ignore[return-value]


def load_profile(path: Path, docs: Path | None = None) -> dict:
    """Read and validate one profile file (``profile/<id>.yml``)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path.name}: cannot read: {exc}") from exc
    return validate(data, path.name, docs)


#: Where a site keeps its profile: the one ``*.yml`` file in this folder.
PROFILE_DIR = "profile"


_REQUIRED = object()


def site_profile_path(root: Path, default: object = _REQUIRED) -> Path | None:
    """The site's profile file: the only ``profile/*.yml`` under ``root``.

    With no such file, ``default`` when given (``None``: a site without a profile),
    else :class:`ProfileError`; several files are always an error.
    """
    found = sorted((root / PROFILE_DIR).glob("*.yml"))
    if not found and default is not _REQUIRED:
        return default  # type: ignore[return-value]
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        raise ProfileError(f"{PROFILE_DIR}/ must hold one profile file, found {names}")
    return found[0]


def site_profile(root: Path) -> dict:
    """The site's profile, read and validated (pages checked under ``docs/``)."""
    return load_profile(site_profile_path(root), root / "docs")
