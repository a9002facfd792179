""" "Reportar um problema neste exemplo": a new GitHub issue, prefilled.

Each example's badge row links to ``<repo_url>/issues/new?title=...&body=...`` (the
query URL-encoded) when ``repo_url`` is a GitHub repository; elsewhere there is no
link, as for "Abrir no Colab". The body names the page, the module and the sections
the page shows, leaves a field for the reader's torch version, and lists what each
runner recorded for that module (runner, torch, date, status), so a report says
which verified state it contradicts.

Standard library only, like the rest of :mod:`scripts.verification`.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from scripts.verification.status import Status

#: A GitHub repository address, as ``repo_url`` holds it.
GITHUB_REPO = re.compile(
    r"^https?://github\.com/(?P<owner>[^/\s]+)/(?P<repo>[^/\s]+?)(?:\.git)?/?$"
)
#: The link's text, on every example's badge row.
LABEL = "Reportar um problema neste exemplo"


def issues_new_url(repo_url: str | None) -> str | None:
    """``https://github.com/<owner>/<repo>/issues/new``, or ``None`` off GitHub."""
    m = GITHUB_REPO.match(repo_url or "")
    if not m:
        return None
    return f"https://github.com/{m.group('owner')}/{m.group('repo')}/issues/new"


def recorded(record: dict | None) -> str:
    """`` (torch 2.14.1+cu130, 2026-12-02)``: what a runner's record says it ran."""
    if not record:
        return ""
    torch = (record.get("versions") or {}).get("torch") or "?"
    date = str(record.get("date") or "?")[:10]
    return f" (torch {torch}, registrado em {date})"


def issue_body(
    page: str,
    module: str,
    sections: list[str],
    runs: list[tuple[str, Status, dict | None]],
) -> str:
    """The issue's Markdown body (pt-BR): where, the reader's versions, the records.

    Args:
        page: the page's address (absolute with ``site_url``, else its source path).
        module: the snippet module, ``snippets/....py``.
        sections: the module's sections the page shows (empty: the whole file).
        runs: (runner, what its badge says, its record or ``None``) per runner.
    """
    shown = ", ".join(f"`{s}`" for s in sections) if sections else "(arquivo inteiro)"
    lines = [
        "## Onde",
        f"- Página: {page}",
        f"- Módulo: `{module}`",
        f"- Seção: {shown}",
        "",
        "## O que aconteceu",
        "<!-- O que você rodou, o que esperava e o que viu (a mensagem inteira). -->",
        "",
        "## Seu ambiente",
        '- Versão do torch (`python -c "import torch; print(torch.__version__)"`): ',
        "- Sistema e dispositivo (CPU/GPU): ",
        "",
        "## O que os registros dizem",
    ]
    for runner, status, record in runs:
        lines.append(f"- {status.label} [`{runner}`]: {status.text}{recorded(record)}")
    return "\n".join(lines) + "\n"


def report_url(
    repo_url: str | None,
    page: str,
    module: str,
    sections: list[str],
    runs: list[tuple[str, Status, dict | None]],
) -> str | None:
    """The prefilled new-issue address, or ``None`` when ``repo_url`` is not GitHub."""
    base = issues_new_url(repo_url)
    if base is None:
        return None
    title = f"Problema no exemplo {module}"
    query = urlencode(
        {"title": title, "body": issue_body(page, module, sections, runs)}
    )
    return f"{base}?{query}"
