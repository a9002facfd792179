"""Code written from the profile's data: the selection score's rules in its module.

The selection score (``selection.module`` in the data, for PyTorch
``snippets/selection/score.py``) must stay one standalone file: it is downloaded
as ``.py`` and ``.ipynb``, its shown section runs alone, and the records hash its
bytes. So the data is not read at run time; instead the module holds the data's
values between two comment lines this generator owns::

    # Gerado de profile/pytorch.yml (`selection`); não edite à mão. Para regerar:
    # python -m scripts.profile.codegen
    BASE_SCORE = 0.70
    ...
    # Fim do trecho gerado.

Each region names its part of the data (:data:`PARTS`): ``selection`` (the base,
the cap, the GPU bonus and the keyword rules) and ``keywords`` (the profile's
keywords, the score's triggers). ``python -m scripts.profile.codegen`` rewrites
every region from the data; ``--check`` writes nothing and exits 1 naming each stale
file. ``tests/test_profile_data.py`` fails the same way, so the module cannot drift
from the data. The output is what ``ruff format`` keeps.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from scripts.profile.load import site_profile, site_profile_path

COMMAND = "python -m scripts.profile.codegen"
LINE = 88
_START = re.compile(r"^# Gerado de (?P<source>\S+) \(`(?P<part>[a-z_]+)`\)")
_END = "# Fim do trecho gerado."


class CodegenError(ValueError):
    """A generated region that cannot be found or rewritten."""


def number(value: float, signed: bool = False) -> str:
    """``0.7`` -> ``0.70`` (two places unless more are needed), ``+0.25`` if signed."""
    text = f"{value:.2f}" if round(value, 2) == value else repr(float(value))
    return ("+" + text) if signed and value >= 0 else text


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _tuple(items: list[str], indent: int) -> list[str]:
    """A tuple of literals: on one line when it fits, else one item a line."""
    one = "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if indent + len(one) + 1 <= LINE:
        return [one]
    pad = " " * (indent + 4)
    return ["(", *(f"{pad}{item}," for item in items), " " * indent + ")"]


def _selection(profile: dict) -> list[str]:
    sel = profile["selection"]
    lines = [
        f"BASE_SCORE = {number(sel['base'])}",
        f"MAX_SCORE = {number(sel['max'])}",
        f"GPU_BOOST = {number(sel.get('gpu_boost', 0.0))}",
        "",
        "# As regras do perfil original: (nome, ajuste, termos). Um termo composto",
        '# ("random_forest") só casa com as duas palavras em sequência.',
        "KEYWORD_RULES: tuple[tuple[str, float, tuple[str, ...]], ...] = (",
    ]
    for rule in sel["rules"]:
        name = _string(rule["name"])
        adjustment = number(rule["adjustment"], signed=True)
        terms = _tuple([_string(t) for t in rule["terms"]], 8)
        one = f"    ({name}, {adjustment}, {terms[0]}),"
        if len(terms) == 1 and len(one) <= LINE:
            lines.append(one)
            continue
        lines += ["    (", f"        {name},", f"        {adjustment},"]
        terms[0] = "        " + terms[0]
        terms[-1] += ","
        lines += [*terms, "    ),"]
    return [*lines, ")"]


def _keywords(profile: dict) -> list[str]:
    keywords = [_string(k["keyword"]) for k in profile["keywords"]]
    return [
        f"# Os {len(keywords)} gatilhos (palavras-chave) do perfil, na ordem dele.",
        "PROFILE_TRIGGERS: tuple[str, ...] = (",
        *(f"    {k}," for k in keywords),
        ")",
    ]


#: Each part of the data a module may hold, and how it is written.
PARTS: dict[str, Callable[[dict], list[str]]] = {
    "selection": _selection,
    "keywords": _keywords,
}


def header(source: str, part: str) -> list[str]:
    """The region's first lines: where it comes from, and how to regenerate it."""
    return [
        f"# Gerado de {source} (`{part}`); não edite à mão. Para regerar:",
        f"# {COMMAND}",
    ]


def regenerate(text: str, profile: dict, source: str, where: str = "") -> str:
    """``text`` with every generated region rewritten from ``profile``."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _START.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        part = m.group("part")
        if part not in PARTS:
            raise CodegenError(f"{where}:{i + 1}: unknown generated part {part!r}")
        try:
            end = lines.index(_END, i + 1)
        except ValueError:
            raise CodegenError(
                f"{where}:{i + 1}: region `{part}` has no {_END!r} line"
            ) from None
        out += [*header(source, part), *PARTS[part](profile), _END]
        i = end + 1
    return "\n".join(out)


def targets(root: Path, profile: dict | None = None) -> tuple[dict, str, list[Path]]:
    """The site's profile (read unless given), its path from ``root``, and the
    modules it generates into."""
    path = site_profile_path(root)
    profile = profile if profile is not None else site_profile(root)
    module = profile.get("selection", {}).get("module")
    return profile, path.relative_to(root).as_posix(), [root / module] if module else []


def stale(root: Path, profile: dict | None = None) -> list[str]:
    """The generated files that differ from the data (``[]`` when all are current)."""
    profile, source, modules = targets(root, profile)
    found = []
    for module in modules:
        rel = module.relative_to(root).as_posix()
        text = module.read_text(encoding="utf-8")
        if not any(_START.match(line) for line in text.split("\n")):
            found.append(f"{rel}: no generated region (`# Gerado de {source} ...`)")
        elif regenerate(text, profile, source, rel) != text:
            found.append(f"{rel}: out of date with {source}")
    return found


def write(root: Path) -> list[str]:
    """Rewrite every generated region; the files that changed."""
    profile, source, modules = targets(root)
    changed = []
    for module in modules:
        rel = module.relative_to(root).as_posix()
        text = module.read_text(encoding="utf-8")
        new = regenerate(text, profile, source, rel)
        if new != text:
            module.write_text(new, encoding="utf-8")
            changed.append(rel)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file is stale"
    )
    parser.add_argument("--root", type=Path, default=Path(__file__).parents[2])
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.check:
        problems = stale(root)
        for problem in problems:
            print(f"{problem}: run `{COMMAND}`", file=sys.stderr)
        return 1 if problems else 0
    for rel in write(root):
        print(f"rewrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
