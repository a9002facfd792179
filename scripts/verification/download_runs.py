"""The downloads record ``verification/downloads-<runner>.json``, and what a page says.

Written by ``python -m scripts.downloads.record --runner <runner>`` (``make
record-downloads``), which runs every ``.py`` and notebook the site offers
(:mod:`scripts.downloads.run`); read by the ``scripts/hooks/downloads.py`` hook at
every build: a malformed file fails the build, naming the file and the first
problem (messages in pt-BR, like :mod:`scripts.verification.schema`, whose field
helpers this module reuses).

Each entry is keyed by the download's site path and carries the sha256 of the exact
bytes that ran, so a download built differently now (its module, its page's prose
or code changed) shows as not verified since the change. :func:`page_status` is
what the buttons of a page say about one runner, as a
:class:`scripts.verification.status.Status` (the badges' own states, words and
colours).
"""

from __future__ import annotations

from pathlib import Path

from scripts.verification import texts
from scripts.verification.runners import runner_label
from scripts.verification.schema import (
    DOWNLOADS_PREFIX,
    HEADER_FIELDS,
    SHA_RE,
    Field,
    check_fields,
    check_header,
    expect,
    is_nonneg_number,
    load_prefixed_records,
    write_record,
)
from scripts.verification.status import Kind, Status, no_run

DOWNLOADS_SCHEMA_VERSION = 1
#: A download is a ``.py`` or a notebook (``.ipynb``): its ``kind``.
KINDS = ("py", "ipynb")
DOWNLOAD_OUTCOMES = ("passed", "failed")
#: How many lines of a failure the record keeps (the exception comes first).
PROBLEM_LINES = 20

DOWNLOADS_SCHEMA_DOC = """\
{
  "schema_version": 1,
  "kind": "downloads",
  "runner": "cpu",                       # file: verification/downloads-<runner>.json
  "date": "2026-12-02T05:56:54+00:00",   # UTC, when the run started
  "device": {...}, "versions": {...},    # as in the test records (environment.py)
  "cuda_available": false,
  "duration": 181.2,                     # seconds, whole run (wall clock)
  "downloads": {
    "downloads/tutoriais/basico.ipynb": {   # site path, as the build writes it
      "sha256": "<hex of the exact bytes that ran>",
      "kind": "ipynb",                   # py | ipynb
      "outcome": "passed",               # passed | failed
      "seconds": 12.4,
      "problem": "cell-031 levantou ..."  # only when failed: its first lines
    }
  }
}
"""


RECORD_FIELDS: dict[str, Field] = {
    **HEADER_FIELDS,
    "kind": Field(lambda v: v == "downloads", '"downloads"'),
    "downloads": Field(lambda v: isinstance(v, dict), "um objeto"),
}
DOWNLOAD_FIELDS: dict[str, Field] = {
    "sha256": Field(
        lambda v: isinstance(v, str) and bool(SHA_RE.match(v)),
        "um sha256 em hexadecimal (64 caracteres)",
    ),
    "kind": Field(lambda v: v in KINDS, f"um de {', '.join(KINDS)}"),
    "outcome": Field(
        lambda v: v in DOWNLOAD_OUTCOMES, f"um de {', '.join(DOWNLOAD_OUTCOMES)}"
    ),
    "seconds": Field(is_nonneg_number, "um número >= 0"),
    "problem": Field(
        lambda v: isinstance(v, str) and bool(v.strip()),
        "um texto não vazio",
        required=False,
    ),
}


def validate_downloads_record(data: object, source: str = "<registro>") -> dict:
    """Check a downloads record against the schema and return it.

    Raises:
        RecordError: naming ``source`` and the first problem found.
    """
    check_header(data, source, RECORD_FIELDS, DOWNLOADS_SCHEMA_VERSION)
    assert isinstance(data, dict)
    for path, entry in data["downloads"].items():
        where = f"{source}.downloads[{path!r}]"
        check_fields(entry, where, DOWNLOAD_FIELDS)
        expect(
            path.startswith("downloads/") and path.endswith(f".{entry['kind']}"),
            where,
            f"a chave deve ser o caminho no site (downloads/….{entry['kind']})",
        )
        failed = entry["outcome"] == "failed"
        expect(
            failed == ("problem" in entry),
            where,
            "'problem' diz por que falhou: obrigatório com outcome failed, "
            "ausente com passed",
        )
    return data


def downloads_path(directory: Path, runner: str) -> Path:
    return directory / f"{DOWNLOADS_PREFIX}{runner}.json"


def load_downloads_records(
    directory: Path, base: Path | None = None
) -> dict[str, dict]:
    """Read and validate every ``downloads-*.json`` in ``directory``, keyed by runner.

    Raises:
        RecordError: for unreadable JSON, a schema violation, or a file whose name
            is not ``downloads-<runner>.json``; the message names the file.
    """
    return load_prefixed_records(
        directory, DOWNLOADS_PREFIX, validate_downloads_record, base
    )


def write_downloads_record(record: dict, out: Path) -> None:
    """Validate, then write a record as the committed files are written."""
    write_record(record, out, validate_downloads_record)


def problem_text(problems: list[str]) -> str:
    """What a record keeps of a failure: its first :data:`PROBLEM_LINES` lines."""
    lines = "\n".join(problems).strip().splitlines() or ["falhou sem mensagem"]
    kept = lines[:PROBLEM_LINES]
    if len(lines) > PROBLEM_LINES:
        kept.append(f"… e mais {len(lines) - PROBLEM_LINES} linhas")
    return "\n".join(kept)


# --------------------------------------------------------------------------------------
# what a page's buttons say about one runner
# --------------------------------------------------------------------------------------


def page_status(runner: str, record: dict | None, files: dict[str, str]) -> Status:
    """What the downloads of a page (site path -> sha256 now) say about ``runner``.

    Verified only when every download has an entry whose sha256 equals the bytes
    built now and that passed. A fresh entry that failed is red whatever else
    passed; then any download changed since its run is stale; then any download
    without an entry is missing.
    """
    label = runner_label(runner, record)
    if record is None:
        file = f"{DOWNLOADS_PREFIX}{runner}.json"
        detail = texts.DOWNLOADS_NO_RUN_DETAIL.format(file=file, label=label)
        return no_run(label, detail)
    entries = record["downloads"]
    missing = [p for p in files if p not in entries]
    stale = [p for p in files if p in entries and entries[p]["sha256"] != files[p]]
    fresh = [p for p in files if p in entries and p not in stale]
    failed = [p for p in fresh if entries[p]["outcome"] == "failed"]
    details = [
        *(texts.download_line(p, entries[p]) for p in fresh),
        *(texts.DOWNLOAD_CHANGED.format(path=p) for p in stale),
        *(texts.DOWNLOAD_MISSING.format(path=p) for p in missing),
        *texts.environment_lines(record),
    ]
    meta = texts.meta_text(record)
    if failed:
        text = texts.downloads_failed(len(failed), len(files))
        return Status(Kind.FAILED, label, text, meta, details)
    if stale:
        return Status(Kind.STALE, label, texts.STALE, details=details)
    if missing:
        return Status(Kind.MISSING, label, texts.MISSING, details=details)
    text = texts.downloads_passed(sorted(files))
    return Status(Kind.PASSED, label, text, meta, details)
