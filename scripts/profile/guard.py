"""A page that types a fact the profile data holds (it must use a placeholder).

Checked on the page source, before the placeholders are rendered:

- a use case's title and its confidence (``0,98`` or ``0.98``) on one line;
- four or more of the profile's keywords in a row, in the data's order;
- a row of a profile table, as the table would render on that page;
- a text of the data of 40 characters or more, verbatim;
- a rating's label with its score (``Velocidade ... 10/10``) on one line;
- the seed's date or the last update's (outside the front matter);
- a heading that types a best practice's title;
- on the selection score's page, a rule's adjustment or the GPU bonus, signed
  (``+0.25``, ``−0.30``);
- a front-matter tag that is not one of the profile's keywords;
- a tested version (``info.versions.tested_with``, ``2.14.1``) in prose or in the
  front matter; code (fenced or inline) and link targets may quote it (a program's
  output, a source link to that tag).

:data:`PENDING` lists the pages another piece of work is converting, with why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.profile import render
from scripts.verification.site import fence_states

#: Pages not checked yet, and why (owned by another change in progress).
PENDING: dict[str, str] = {}
MIN_TEXT = 40
_FRONT = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*\n", re.S)
#: What is not prose on a line: a code span, a link's target, a URL, an HTML
#: attribute's value.
_NOT_PROSE = re.compile(
    r"(`+)(?:(?!\1).)+?\1"
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"
    r"|<[a-z][a-z0-9+.-]*://[^>\s]*>"
    r"|\b[a-z][a-z0-9+.-]*://[^\s)>\]]+"
    r"|=\"[^\"]*\"",
    re.I,
)


def _leaves(node: object, key: str = ""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _leaves(v, key)
    elif isinstance(node, str):
        yield key, node


def prose_lines(markdown: str) -> list[str]:
    """The lines of ``markdown`` with code and link targets blanked (same lengths).

    A fenced block (its fences too) becomes an empty line; on other lines a code
    span, a link's target (``](...)``), a URL and an HTML attribute's value become
    spaces, so a match in a line is a match in the prose.
    """
    lines = markdown.split("\n")
    return [
        "" if fence else _NOT_PROSE.sub(lambda m: " " * len(m.group()), line)
        for line, fence in zip(lines, fence_states(lines), strict=True)
    ]


def _tested_versions(profile: dict) -> re.Pattern[str] | None:
    """The versions the site tests with (``tested_with``), as one pattern."""
    versions = (profile.get("info") or {}).get("versions") or {}
    tested = versions.get("tested_with") if isinstance(versions, dict) else None
    forms = sorted(
        {v for v in (tested or {}).values() if isinstance(v, str) and v.strip()},
        key=len,
        reverse=True,
    )
    if not forms:
        return None
    alternatives = "|".join(re.escape(v) for v in forms)
    return re.compile(rf"(?<![\d.])(?:{alternatives})(?!\.?\d)")


def _versions_typed(markdown: str, page: str, profile: dict) -> list[str]:
    """``page:line: why`` for each tested version typed outside code and URLs."""
    pattern = _tested_versions(profile)
    if pattern is None:
        return []
    tested = profile["info"]["versions"]["tested_with"]
    names = {v: k for k, v in tested.items() if isinstance(v, str)}
    front = _FRONT.match(markdown)
    end = front.group().count("\n") if front else 0
    problems = []
    for number, line in enumerate(prose_lines(markdown), start=1):
        for m in pattern.finditer(line):
            path = f"info.versions.tested_with.{names[m.group()]}"
            how = (
                "the front matter is not rendered: write it without the number"
                if number <= end
                else f'write {{{{ profile("{path}") }}}}'
            )
            problems.append(
                f"{page}:{number}: the tested version {m.group()} ({path}) typed; {how}"
            )
    return problems


def _tags(markdown: str) -> list[str]:
    front = _FRONT.match(markdown)
    if not front:
        return []
    tags, inside = [], False
    for line in front.group("body").split("\n"):
        if re.match(r"^tags:\s*$", line):
            inside = True
        elif inside and (m := re.match(r"^\s+-\s+(.+?)\s*$", line)):
            tags.append(m.group(1).strip("\"'"))
        elif inside and line.strip():
            inside = False
    return tags


@dataclass
class _Facts:
    """What the profile holds, in the forms a page could type it."""

    profile: dict
    keywords: list[str]
    rows: set[str]
    texts: set[str]
    runs: list[list[str]]
    practices: list[str]
    signed: re.Pattern[str] | None
    dates: set[str]


def _signed_rules(profile: dict, page: str) -> re.Pattern[str] | None:
    """The selection rules' signed adjustments (``+0.25``), on the selection page."""
    selection = profile.get("selection") or {}
    adjustments = [r["adjustment"] for r in selection.get("rules", [])]
    if "gpu_boost" in selection:
        adjustments.append(selection["gpu_boost"])
    if not adjustments or selection.get("page") != page:
        return None
    forms = "|".join(
        ("\\+" if a >= 0 else "[-−]") + re.escape(f"{abs(a):.2f}") for a in adjustments
    )
    return re.compile(r"(?<![\w.])(?:" + forms + r")(?!\d)")


def _facts(profile: dict, page: str) -> _Facts:
    keywords = [k["keyword"] for k in profile["keywords"]]
    rows = {
        render.relink(row, page).strip()
        for name in render.TABLES
        if name != "keywords_line"
        for row in render.table(profile, name)[0 if name in render.LISTS else 2 :]
    }
    texts = {
        t
        for key, t in _leaves(profile)
        if len(t) >= MIN_TEXT and key not in ("where", "source")
    }
    practices = (profile.get("best_practices") or {}).get("items", [])
    dates = {profile["seed"]["date"], *profile["last_update"].values()} - {
        profile["last_update"].get("page")
    }
    return _Facts(
        profile=profile,
        keywords=keywords,
        rows=rows,
        texts=texts,
        runs=[keywords[i : i + 4] for i in range(len(keywords) - 3)],
        practices=[item["title"] for item in practices],
        signed=_signed_rules(profile, page),
        dates=dates,
    )


def _scores_typed(line: str, facts: _Facts) -> list[str]:
    """The confidences and ratings a line types next to their names."""
    found = []
    for use_case in facts.profile["use_cases"]:
        c = use_case["confidence"]
        if use_case["title"] in line and re.search(
            rf"(?<![\d,.])(?:{re.escape(render.pt_decimal(c))}|{c:.2f}|{c:g})(?![\d])",
            line,
        ):
            found.append(f"confidence of {use_case['title']!r} typed")
    for rating in facts.profile.get("ratings", []):
        if rating["label"].casefold() in line.casefold() and re.search(
            rf"\b{rating['score']:g}/10\b", line
        ):
            found.append(f"rating {rating['label']!r} typed")
    return found


def _keywords_typed(line: str, facts: _Facts) -> bool:
    """Whether a line types four of the profile's keywords in a row."""
    words = [w.strip().casefold() for w in re.split(r"\s*[·,;]\s*", line)]
    return any(" ".join(run) in " ".join(words) for run in facts.runs) and any(
        words[i : i + 4] == run for run in facts.runs for i in range(len(words))
    )


def _line_problems(line: str, facts: _Facts) -> list[str]:
    """Why one line of a page types a fact the data holds (empty when it does not)."""
    found = _scores_typed(line, facts)
    if line.startswith("#") and any(t in line for t in facts.practices):
        found.append("a best practice's title typed in a heading")
    if facts.signed and (m := facts.signed.search(line)):
        found.append(f"the selection rule {m.group()} typed")
    found += [f"the profile's date {d} typed" for d in sorted(facts.dates) if d in line]
    if line.strip() in facts.rows:
        found.append("a row of a profile table typed")
    if _keywords_typed(line, facts):
        found.append("the profile's keywords typed")
    found += [f"typed from the profile: {t[:50]!r}…" for t in facts.texts if t in line]
    return found


def typed_facts(markdown: str, page: str, profile: dict) -> list[str]:
    """``page:line: why`` for every fact ``markdown`` types instead of rendering."""
    if page in PENDING:
        return []
    facts = _facts(profile, page)
    problems = [
        f"{page}: tag {tag!r} is not a keyword of the profile"
        for tag in _tags(markdown)
        if tag not in facts.keywords
    ]
    body = _FRONT.sub(lambda m: "\n" * m.group().count("\n"), markdown, count=1)
    for number, line in enumerate(body.split("\n"), start=1):
        problems += [f"{page}:{number}: {why}" for why in _line_problems(line, facts)]
    return problems + _versions_typed(markdown, page, profile)
