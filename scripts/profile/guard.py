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
- a front-matter tag that is not one of the profile's keywords.

:data:`PENDING` lists the pages another piece of work is converting, with why.
"""

from __future__ import annotations

import re

from scripts.profile import render

#: Pages not checked yet, and why (owned by another change in progress).
PENDING: dict[str, str] = {}
MIN_TEXT = 40
_FRONT = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*\n", re.S)


def _leaves(node: object, key: str = ""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _leaves(v, key)
    elif isinstance(node, str):
        yield key, node


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


def typed_facts(markdown: str, page: str, profile: dict) -> list[str]:
    """``page:line: why`` for every fact ``markdown`` types instead of rendering."""
    if page in PENDING:
        return []
    problems: list[str] = []
    keywords = [k["keyword"] for k in profile["keywords"]]
    for tag in _tags(markdown):
        if tag not in keywords:
            problems.append(f"{page}: tag {tag!r} is not a keyword of the profile")
    body = _FRONT.sub(lambda m: "\n" * m.group().count("\n"), markdown, count=1)
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
    runs = [keywords[i : i + 4] for i in range(len(keywords) - 3)]
    practices = [
        item["title"] for item in (profile.get("best_practices") or {}).get("items", [])
    ]
    selection = profile.get("selection") or {}
    adjustments = [r["adjustment"] for r in selection.get("rules", [])]
    if "gpu_boost" in selection:
        adjustments.append(selection["gpu_boost"])
    signed = (
        re.compile(
            r"(?<![\w.])(?:"
            + "|".join(
                ("\\+" if a >= 0 else "[-−]") + re.escape(f"{abs(a):.2f}")
                for a in adjustments
            )
            + r")(?!\d)"
        )
        if adjustments and selection.get("page") == page
        else None
    )
    dates = {profile["seed"]["date"], *profile["last_update"].values()} - {
        profile["last_update"].get("page")
    }
    for number, line in enumerate(body.split("\n"), start=1):
        where = f"{page}:{number}"
        for use_case in profile["use_cases"]:
            c = use_case["confidence"]
            if use_case["title"] in line and re.search(
                rf"(?<![\d,.])(?:{re.escape(render.pt_decimal(c))}|{c:.2f}|{c:g})(?![\d])",
                line,
            ):
                problems.append(f"{where}: confidence of {use_case['title']!r} typed")
        for rating in profile.get("ratings", []):
            if rating["label"].casefold() in line.casefold() and re.search(
                rf"\b{rating['score']:g}/10\b", line
            ):
                problems.append(f"{where}: rating {rating['label']!r} typed")
        if line.startswith("#") and any(t in line for t in practices):
            problems.append(f"{where}: a best practice's title typed in a heading")
        if signed and (m := signed.search(line)):
            problems.append(f"{where}: the selection rule {m.group()} typed")
        for date in sorted(dates):
            if date in line:
                problems.append(f"{where}: the profile's date {date} typed")
        if line.strip() in rows:
            problems.append(f"{where}: a row of a profile table typed")
        words = [w.strip().casefold() for w in re.split(r"\s*[·,;]\s*", line)]
        if any(" ".join(run) in " ".join(words) for run in runs) and any(
            words[i : i + 4] == run for run in runs for i in range(len(words))
        ):
            problems.append(f"{where}: the profile's keywords typed")
        for text in texts:
            if text in line:
                problems.append(f"{where}: typed from the profile: {text[:50]!r}…")
    return problems
