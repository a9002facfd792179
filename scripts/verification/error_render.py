"""The error index's blocks: each entry's message as the runs raised it, and the index.

Why: what a page of ``docs/erros/`` shows must be what torch really raised. The
tests of ``snippets/errors/`` write each exception's type and text to the catalog
and fail when the raised message changes; the recorder keeps what each runner's run
raised (:mod:`scripts.verification.errors`). The message goes out as escaped HTML
(not Markdown: the ``*``, ``_``, ``<`` and ``|`` of messages would be read as
markup), outside a code block, so Pagefind indexes it and a pasted message finds
its entry. The placeholders that ask for these blocks (``error_message``,
``error_index``) are :mod:`scripts.verification.placeholders`'.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from scripts.verification import claims, errors, texts
from scripts.verification.environment import public_version
from scripts.verification.runners import runner_label
from scripts.verification.texts import datetime_text
from scripts.verification.versions import split_runner

#: An entry's heading: `## text { #slug lang=en }` (or `###`).
HEADING = re.compile(r"^#{2,3} (?P<title>.+?) \{ #(?P<slug>[a-z0-9-]+)(?: [^}]*)? \}$")

#: Terminal colour/bold codes (`\x1b[1m`) that some messages carry.
ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: Where each reproduction runs, as the page says it.
NEEDS = {
    "any": "",
    "gpu": "só se reproduz com uma GPU CUDA",
    "cuda-build-no-gpu": (
        "só acontece com um build do torch com CUDA numa máquina sem GPU"
    ),
    "no-gpu": "só acontece numa máquina sem GPU",
}

#: Pagefind's weight for the message text (a paragraph's default is 1).
SEARCH_WEIGHT = 4


def _text(message: str) -> str:
    """The message as HTML: escaped, without ANSI codes, line breaks kept."""
    clean = ANSI.sub("", message).rstrip()
    return "<br>".join(html.escape(line) for line in clean.split("\n"))


def _where(name: str, record: dict, python: bool = False) -> str:
    """A record's runner, torch version (and Python's, with `python`) and date."""
    torch = public_version(record["versions"].get("torch"))
    py = record["versions"].get("python")
    return (
        f"{runner_label(split_runner(name)[0], record)}, torch {html.escape(torch)}, "
        + (f"Python {html.escape(py)}, " if python and py else "")
        + f"{datetime_text(record)}"
    )


def _next_minor(version: str, step: int) -> str:
    major, minor = version.split(".")[:2]
    return f"{major}.{int(minor) + step}"


def python_types(by_python: list[list[str]]) -> list[tuple[str, str]]:
    """`[(type, "Python 3.10 a 3.13"), (type, "Python 3.14 ou mais novo")]`."""
    out = []
    for i, (version, type_) in enumerate(by_python):
        if i + 1 < len(by_python):
            last = _next_minor(by_python[i + 1][0], -1)
            span = f"Python {version}" + (f" a {last}" if last != version else "")
        else:
            span = f"Python {version} ou mais novo"
        out.append((type_, span))
    return out


def _python_note(entry: dict) -> str:
    if not entry.get("by_python"):
        return ""
    parts = "; ".join(
        f"<code>{html.escape(t)}</code> ({html.escape(span)})"
        for t, span in python_types(entry["by_python"])
    )
    return f" O tipo depende da versão do Python: {parts}."


def render(catalog: dict, slug: str, runs: list[errors.Run]) -> str:
    """An entry's HTML block.

    Args:
        catalog: ``messages/<category>.json`` (type, stable fragment and where the
            reproduction runs).
        slug: the entry.
        runs: what :func:`scripts.verification.errors.recorded` found.

    Returns:
        HTML on one line (a Markdown HTML block cannot hold a blank line).
    """
    entry = catalog["entries"][slug]
    where = NEEDS.get(entry["needs"], "")
    py = bool(entry.get("by_python"))
    own = [run for run in runs if not run.is_version_record]
    if not own:
        stable = html.escape(entry["stable"])
        note = (
            f"Sem registro de GPU ainda: este erro {where}, e nenhuma execução "
            "com GPU foi gravada. O teste exige o tipo e este trecho da mensagem."
            if entry["needs"] == "gpu"
            else "Nenhuma execução registrada levantou este erro ainda. O teste "
            "exige o tipo e este trecho da mensagem."
        )
        body = f"{html.escape(entry['type'])}: … {stable} …"
        css = "error-message error-message--pending"
        extra = ""
    else:
        name, record, type_, message, stale = own[0]
        note = f"Mensagem registrada em {_where(name, record, py)}."
        if stale:
            note += f" {texts.STALE_MESSAGE_NOTE}"
        if where:
            note += f" Este erro {where}."
        body = f"{html.escape(type_)}: {_text(message)}"
        css = "error-message"
        others = [
            run for run in runs[1:] if (run.type, run.message) != (type_, message)
        ]  # the same text on another runner or version needs no second copy
        extra = "".join(
            f'<p class="error-message__note">Em {_where(n, r, py)}'
            f"{f' ({texts.STALE_MESSAGE})' if st else ''}, "
            f'a mensagem era outra:</p><p class="error-message__text"><code>'
            f"{html.escape(t)}: {_text(m)}</code></p>"
            for n, r, t, m, st in others
        )
        same = [
            _where(n, r, py) for n, r, t, m, _ in runs[1:] if (t, m) == (type_, message)
        ]
        if same:
            note += " O mesmo texto em " + "; ".join(same) + "."
    note += _python_note(entry)
    # The message weighs more in search than the rest of the page: whoever pastes it
    # looks for the section that shows it, not a page that only quotes its words.
    return (
        f'<div class="{css}"><p class="error-message__text" '
        f'data-pagefind-weight="{SEARCH_WEIGHT}"><code>{body}</code></p>'
        f'<p class="error-message__note">{note}</p>{extra}</div>'
    )


def sections(docs: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """`(category, slug) -> (page, title)` of the entries' sections in `docs/erros/`.

    An entry's section is the heading anchored `#slug` followed by its
    `error_message("category", "slug")`.
    """
    found = {}
    for path in sorted((docs / "erros").glob("*.md")):
        heading = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := HEADING.match(line):
                heading = match
            elif heading is not None and (placeholder := _error_message(line)):
                category, slug = placeholder
                if heading["slug"] == slug:
                    found[(category, slug)] = (path.name, heading["title"])
    return found


def _error_message(line: str) -> tuple[str, str] | None:
    """(category, slug) of a line that is one ``{{ error_message(...) }}``."""
    match = claims.PLACEHOLDER.fullmatch(line.strip())
    if match is None or match["name"] != "error_message":
        return None
    category, slug = claims.parse_args(match["args"])
    return str(category), str(slug)


def type_cell(entry: dict) -> str:
    """The index's "Tipo" column: the recorded type, by Python version if it varies."""
    if entry.get("by_python"):
        cell = "; ".join(
            f"`{t}` ({span})" for t, span in python_types(entry["by_python"])
        )
    else:
        cell = f"`{entry['type']}`"
    return cell + (" (GPU)" if entry["needs"] == "gpu" else "")


def index_table(category: dict, name: str, found: dict, where: str) -> str:
    """The Markdown table of one category of the index.

    Raises:
        ClaimError: an entry of the catalog without a section on any page.
    """
    rows = ["| Mensagem | Tipo |", "| --- | --- |"]
    for slug, entry in category["entries"].items():
        if (name, slug) not in found:
            raise claims.ClaimError(
                f"{where}: error_index({name!r}): a entrada {slug!r} não tem seção "
                f'(cabeçalho {{ #{slug} }} e error_message("{name}", "{slug}")) '
                "em docs/erros/"
            )
        page, title = found[(name, slug)]
        rows.append(f"| [{title}]({page}#{slug}){{ lang=en }} | {type_cell(entry)} |")
    return "\n".join(rows)


def render_message(category: str, slug: str, records: dict, root: Path) -> str:
    """``{{ error_message(category, slug) }}``: the entry's block (one HTML line)."""
    catalog = errors.catalog(root, category)
    errors.entry(root, category, slug)  # a missing entry names the catalog file
    return render(catalog, slug, errors.recorded(records, category, slug, root))


def render_index(category: str, page: str, docs: Path, root: Path) -> str:
    """``{{ error_index(category) }}``: the category's table in the index."""
    return index_table(errors.catalog(root, category), category, sections(docs), page)
