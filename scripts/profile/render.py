"""The profile's facts as pt-BR Markdown, for the pages' placeholders.

A page writes ``{{ profile("info.license.value") }}`` (a value; a list is joined
with commas, ``{{ profile("path", "e") }}`` joins the last with " e "; ``"pt"``,
``".2"``, ``"+"``, ``"#"`` and ``"lower"`` format a value, see :func:`value`) or,
alone on a line, ``{{ profile_table("use_cases") }}`` (a table from :data:`TABLES`).
Links in the data are relative to docs/; :func:`relink` makes them relative to the
page.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from collections.abc import Callable

PLACEHOLDER = re.compile(
    r'\{\{\s*(?P<name>profile|profile_table)\("(?P<arg>[^"]+)"(?:,\s*"(?P<join>[^"]*)")?\)\s*\}\}'
)
_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


class RenderError(ValueError):
    """A placeholder that names nothing in the profile."""


def relink(text: str, page: str) -> str:
    """Links relative to docs/ (``tutoriais/basico.md#x``) made relative to ``page``."""

    def replace(m: re.Match[str]) -> str:
        target = m.group("target")
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            return m.group()
        path, _, fragment = target.partition("#")
        if path == page:
            return f"]({'#' + fragment if fragment else posixpath.basename(page)})"
        rel = posixpath.relpath(path, posixpath.dirname(page) or ".")
        return f"]({rel}{'#' + fragment if fragment else ''})"

    return _LINK.sub(replace, text)


def pt_decimal(value: float) -> str:
    """``0.9`` -> ``0,90`` (two places, pt-BR comma)."""
    return f"{value:.2f}".replace(".", ",")


def join_pt(items: list[str], last: str | None = None) -> str:
    """``a, b, c`` or, with ``last="e"``, ``a, b e c``."""
    if last and len(items) > 1:
        return ", ".join(items[:-1]) + f" {last} " + items[-1]
    return ", ".join(items)


def value(profile: dict, path: str, last: str | None = None) -> str:
    """The value at a dotted ``path`` (``info.license.value``) as text.

    A part names a key, a list index, or the ``id`` of an item of a list
    (``use_cases.gans.confidence``). ``last`` formats: ``"pt"`` a number pt-BR
    style (``0,98``), ``".2"`` with two places (``0.70``), ``"+"`` signed with two
    places (``+0.25``, ``−0.30``), ``"#"`` the length of a list, ``"lower"`` a text
    with its first letter in lower case (mid-sentence); else it joins a list.
    """
    node: object = profile
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, list) and any(
            isinstance(x, dict) and x.get("id") == part for x in node
        ):
            node = next(x for x in node if isinstance(x, dict) and x.get("id") == part)
        else:
            raise RenderError(f"the profile has no {path!r}")
    if isinstance(node, list):
        if last == "#":
            return str(len(node))
        return join_pt([str(x) for x in node], last)
    if isinstance(node, dict):
        raise RenderError(f"{path!r} is a group, not a value")
    if last == "pt" and isinstance(node, (int, float)):
        return pt_decimal(node)
    if last == "lower" and isinstance(node, str):
        return node[:1].lower() + node[1:]
    if last in ("+", ".2") and isinstance(node, (int, float)):
        return _signed(node) if last == "+" else f"{node:.2f}"
    return str(node)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _meter(confidence: float) -> str:
    pt = pt_decimal(confidence)
    return (
        '<meter class="uc-meter" min="0" max="1" low="0.5" high="0.8" optimum="1" '
        f'value="{confidence:.2f}" title="{pt} de 1">{pt}</meter>'
    )


def _ratings(p: dict) -> list[str]:
    """The seed's ratings: stars (one is worth 2 points), the score and a bar."""
    rows = []
    for r in p.get("ratings", []):
        stars = "★" * r["stars"] + "☆" * (5 - r["stars"])
        score = f"{r['score']:g}/10"
        meter = (
            '<meter class="perf-meter" min="0" max="10" low="4" high="7" '
            f'optimum="10" value="{r["score"]:g}" title="{r["score"]:g} de 10">'
            f"{score}</meter>"
        )
        note = f" {r['note']}" if r.get("note") else ""
        rows.append([f"**{r['label']}**", stars, score + note, meter])
    return _table(["Critério", "Estrelas", "Nota", "Barra (0 a 10)"], rows)


def _use_cases(p: dict) -> list[str]:
    rows = [
        [
            str(n),
            f"[{u['title']}]({u['pages'][0]})",
            pt_decimal(u["confidence"]),
            _meter(u["confidence"]),
            u.get("example", "—"),
        ]
        for n, u in enumerate(p["use_cases"], start=1)
    ]
    return _table(
        ["#", "Caso de uso (perfil)", "Confiança", "Barra (0 a 1)", "Exemplo"], rows
    )


def _keywords(p: dict) -> list[str]:
    rows = [
        [
            k["keyword"],
            k.get("meaning", "—"),
            f"[{k['see']['title']}]({k['see']['page']})" if "see" in k else "—",
        ]
        for k in p["keywords"]
    ]
    return _table(["Tag", "O que significa", "Onde ir"], rows)


def _keywords_line(p: dict) -> list[str]:
    return [" · ".join(k["keyword"] for k in p["keywords"])]


def _columns(section: str, header: list[str], keys: list[str]):
    def render(p: dict) -> list[str]:
        node: object = p
        for part in section.split("."):
            node = node.get(part, []) if isinstance(node, dict) else []
        return _table(header, [[row[k] for k in keys] for row in node])  # type: ignore[union-attr]

    return render


def _corrections(section: str):
    def render(p: dict) -> list[str]:
        rows = [
            [c["seed"], c["truth"], c["site"], c["source"], c["where"]]
            for c in p.get("corrections", [])
            if c["section"] == section
        ]
        return _table(
            ["O perfil dizia", "O que é verdade", "O que o site faz", "Fonte", "Onde"],
            rows,
        )

    return render


def _requirements(p: dict) -> list[str]:
    seed_year = p["seed"]["date"][:4]
    tested = (p["info"].get("versions", {}).get("tested_with") or {}).get(p["name"])
    now = f"Hoje ({p['name']} {tested})" if tested else "Hoje"
    return _columns(
        "requirements",
        ["Requisito", f"Perfil ({seed_year})", now],
        ["requirement", "seed", "now"],
    )(p)


#: Width of the selection rules' list (the pages' prose is wrapped near it).
WRAP = 86


def _signed(value: float) -> str:
    """``+0.25`` / ``−0.30`` (a typographic minus, as the page writes it)."""
    return f"{value:+.2f}".replace("-", "−")


def _selection_rules(p: dict) -> list[str]:
    """The score's rules as a list; the GPU bonus comes after the first rule."""
    if "selection" not in p:  # optional: a profile without a selection score
        return []
    sel = p["selection"]
    items = [f"começa em **{sel['base']:.2f}**;"]
    for n, rule in enumerate(sel["rules"]):
        terms = ", ".join(f"`{term}`" for term in rule["terms"])
        items.append(
            f"**{_signed(rule['adjustment'])}** se aparece um termo de "
            f"{rule['name']}: {terms};"
        )
        if n == 0 and "gpu_boost" in sel:
            items.append(f"**{_signed(sel['gpu_boost'])}** se há GPU disponível;")
    items.append(f"a nota nunca passa de **{sel['max']:.2f}**.")
    return [
        line
        for item in items
        for line in textwrap.wrap(
            item, WRAP, initial_indent="- ", subsequent_indent="  ",
            break_on_hyphens=False,
        )
    ]  # fmt: skip


#: Fragments that are lists, not tables (no header lines).
LISTS = ("keywords_line", "selection_rules")

#: Every table a page can show, by name.
TABLES: dict[str, Callable[[dict], list[str]]] = {
    "use_cases": _use_cases,
    "keywords": _keywords,
    "keywords_line": _keywords_line,
    "selection_rules": _selection_rules,
    "pros": _columns(
        "pros",
        ["Pró (como no perfil)", "Situação", "O que vale hoje"],
        ["seed", "status", "now"],
    ),
    "cons": _columns(
        "cons",
        ["Contra (como no perfil)", "Situação", "O que vale hoje"],
        ["seed", "status", "now"],
    ),
    "alternatives": _columns(
        "alternatives",
        ["Biblioteca", "Quando usar em vez do PyTorch (perfil)", "Situação em 2026"],
        ["name", "when", "now"],
    ),
    "requirements": _requirements,
    "dependencies_everywhere": _columns(
        "dependencies.everywhere",
        ["Pacote", "Versão pedida", "Perfil dizia"],
        ["package", "version", "seed"],
    ),
    "dependencies_linux": _columns(
        "dependencies.linux",
        ["Pacote", "Versão pedida", "Condição extra"],
        ["package", "version", "condition"],
    ),
    "dependencies_extras": _columns(
        "dependencies.extras", ["Extra", "Pacote"], ["extra", "package"]
    ),
    "ratings": _ratings,
    "compatibility_systems": _columns(
        "compatibility.systems",
        ["Sistema", "Arquiteturas com wheel oficial", "Observação"],
        ["system", "architectures", "note"],
    ),
    "compatibility_cuda": _columns(
        "compatibility.cuda",
        ["Variante", "Índice", "GPUs NVIDIA atendidas"],
        ["variant", "index", "gpus"],
    ),
    "compatibility_backends": _columns(
        "compatibility.backends",
        ["Backend", "Hardware", "Situação no 2.14", "O perfil dizia"],
        ["backend", "hardware", "now", "seed"],
    ),
    **{
        f"corrections_{s}": _corrections(s)
        for s in (
            "info",
            "pros-cons",
            "install",
            "requirements",
            "alternatives",
            "keywords",
        )
    },
}


def table(profile: dict, name: str) -> list[str]:
    """The lines of table ``name``, links still relative to docs/."""
    if name not in TABLES:
        raise RenderError(
            f"unknown profile table {name!r} (known: {', '.join(TABLES)})"
        )
    return TABLES[name](profile)


def render_page(markdown: str, page: str, profile: dict, offset: int = 0) -> str:
    """``markdown`` with every profile placeholder replaced (``page`` is src_uri).

    ``offset``: lines of the source before ``markdown`` (a front matter MkDocs took
    off), so that an error names the line of the file.
    """
    out: list[str] = []
    for number, line in enumerate(markdown.split("\n"), start=1 + offset):
        try:
            whole = re.fullmatch(r"(?P<indent>[ \t]*)" + PLACEHOLDER.pattern, line)
            if whole and whole.group("name") == "profile_table":
                indent = whole.group("indent")
                out += [
                    indent + relink(row, page)
                    for row in table(profile, whole.group("arg"))
                ]
                continue

            def inline(m: re.Match[str]) -> str:
                if m.group("name") == "profile_table":
                    raise RenderError("profile_table must be alone on its line")
                return relink(value(profile, m.group("arg"), m.group("join")), page)

            out.append(PLACEHOLDER.sub(inline, line))
        except RenderError as exc:
            raise RenderError(f"docs/{page}:{number}: {exc}") from exc
    return "\n".join(out)
