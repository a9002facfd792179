"""The error index says what the catalog and the recorded messages say.

- Every entry's heading on its category page is a verbatim fragment of the message
  the page shows: the recorded text (`snippets/errors/messages/<category>.json`), or,
  for an entry only reproduced on a GPU and not recorded yet, the stable fragment its
  test requires. A paraphrased title ("Conv2d: expected input…", "2 elements" where
  the run said 4) fails.
- The count of messages in `docs/erros/index.md` (`{{ error_count }}`) and the
  "Tipo" column of its tables (`{{ error_index("...") }}`) are rendered from the
  catalog (`snippets/errors/__init__.py`), never typed.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from scripts.verification import error_render as hook
from scripts.verification import errors
from scripts.verification.claims import ClaimError
from snippets import errors as catalog
from tests.support import ROOT

DOCS = ROOT / "docs"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _plain(title: str) -> str:
    """A heading as the reader sees it: no code marks, no Markdown escapes."""
    return re.sub(r"\\(.)", r"\1", title.replace("`", ""))


def _records() -> dict[str, dict]:
    return {
        path.stem: json.loads(path.read_text("utf-8"))
        for path in errors.catalog_files(ROOT)
    }


def test_every_catalog_entry_has_a_section_and_its_heading_is_verbatim():
    found = hook.sections(DOCS)
    problems = []
    for category, record in _records().items():
        for slug, entry in record["entries"].items():
            if (category, slug) not in found:
                problems.append(f"{category}/{slug}: no section on any error page")
                continue
            page, title = found[(category, slug)]
            text = _plain(title)
            if entry["message"] is not None:
                shown, what = ANSI.sub("", entry["message"]), "recorded message"
            else:
                shown, what = entry["stable"], "stable fragment (no record yet)"
            if text not in shown:
                problems.append(
                    f"{page}#{slug}: heading {text!r} is not part of the {what} "
                    f"{shown[:160]!r}"
                )
    assert not problems, "\n".join(problems)


def test_every_english_heading_on_the_error_pages_belongs_to_an_entry():
    slugs = {e.slug for e in catalog.ENTRIES}
    stray = []
    for path in sorted((DOCS / "erros").glob("*.md")):
        for line in path.read_text("utf-8").splitlines():
            match = hook.HEADING.match(line)
            if match and "lang=en" in line and match["slug"] not in slugs:
                stray.append(f"{path.name}: {line}")
    assert not stray, "\n".join(stray)


def test_the_heading_check_catches_a_paraphrase(tmp_path: Path):
    page = tmp_path / "erros" / "autograd.md"
    page.parent.mkdir()
    page.write_text(
        "## a Tensor with 2 elements cannot be converted to Scalar "
        '{ #item-scalar lang=en }\n{{ error_message("autograd", "item-scalar") }}\n',
        encoding="utf-8",
    )
    (_, title) = hook.sections(tmp_path)[("autograd", "item-scalar")]
    recorded = _records()["autograd"]["entries"]["item-scalar"]["message"]
    assert _plain(title) not in recorded


def test_error_count_is_the_number_of_catalog_entries():
    assert errors.error_count(ROOT) == len(catalog.ENTRIES)
    assert sum(len(r["entries"]) for r in _records().values()) == len(catalog.ENTRIES)


def _expected_type(entry: catalog.Entry) -> str:
    if entry.by_python:
        cell = "; ".join(
            f"{t} ({span})"
            for t, span in hook.python_types([list(p) for p in entry.by_python])
        )
    else:
        cell = entry.type_name
    return cell + (" (GPU)" if entry.needs == catalog.GPU else "")


def test_python_types_spell_the_version_ranges():
    assert hook.python_types([["3.10", "AttributeError"], ["3.14", "X"]]) == [
        ("AttributeError", "Python 3.10 a 3.13"),
        ("X", "Python 3.14 ou mais novo"),
    ]


def test_index_table_refuses_an_entry_without_a_section():
    record = {"entries": {"nope": {"type": "RuntimeError", "needs": "any"}}}
    with pytest.raises(ClaimError, match="nope"):
        hook.index_table(record, "shapes", {}, "erros/index.md")


def test_built_index_counts_and_types_come_from_the_catalog(built_site: Path):
    page = (built_site / "erros" / "index.html").read_text("utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert f"Aqui estão {len(catalog.ENTRIES)} delas" in text
    assert "{{" not in text
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        link = re.search(r'href="(\w+)/#([a-z0-9-]+)"', row)
        if link is None:
            continue  # the header row
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        rows[link.group(2)] = (
            link.group(1),
            html.unescape(re.sub(r"<[^>]+>", "", cells[1])).strip(),
        )
    assert list(rows) == [e.slug for e in catalog.ENTRIES]
    pages = {
        "shapes": "formas",
        "dtypes": "tipos",
        "autograd": "autograd",
        "devices": "dispositivos",
        "data": "dados",
        "checkpoints": "checkpoints",
        "modules": "modulos",
    }
    wrong = [
        f"{e.slug}: {rows[e.slug]} != {(pages[e.category], _expected_type(e))}"
        for e in catalog.ENTRIES
        if rows[e.slug] != (pages[e.category], _expected_type(e))
    ]
    assert not wrong, "\n".join(wrong)


def test_worker_pickle_note_names_the_recording_python_and_both_types(
    built_site: Path,
):
    page = (built_site / "erros" / "dados" / "index.html").read_text("utf-8")
    start = page.index('id="worker-pickle"')
    note = html.unescape(re.sub(r"<[^>]+>", "", page[start:].split("<h2 ", 1)[0]))
    record = json.loads((ROOT / "verification" / "cpu.json").read_text("utf-8"))
    assert "snippets/errors/data.py" in record["modules"]
    assert f"Python {record['versions']['python']}," in note
    for version, type_ in catalog.entry("worker-pickle").by_python:
        assert f"{type_} (Python {version}" in note
