"""The verification record: its schema, its one version number, and its validation.

A record is ``verification/<runner>.json``, written by
:mod:`scripts.verification.recorder` and read by the badges hook at every build (a
malformed file fails the build, naming the file and the first problem). The schema
constants live here and only here.

Extending the record is a local change: add the key to :data:`RECORD_FIELDS` (or to
:data:`MODULE_FIELDS` for a per-module key) with ``required=False`` and a
predicate, document it in :data:`SCHEMA_DOC`, and have the recorder write it. Old
files without the key stay valid, so ``SCHEMA_VERSION`` changes only when the
meaning of an existing key changes. Messages are pt-BR: they reach the build log of
the site's authors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 1
OUTCOMES = ("passed", "failed", "skipped", "error")
#: A runner name: `cpu`, `gpu`, or a version record of one, `cpu-torch-2.6.0`.
RUNNER_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


def runner_name(value: str) -> str:
    """`argparse` type of `--runner` for every script that writes a record.

    The name becomes part of a file name under `verification/`, so it is checked
    before anything runs.
    """
    if not RUNNER_RE.match(value):
        raise argparse.ArgumentTypeError(
            f"{value!r}: use lowercase letters, digits, dashes and dots "
            "(cpu, gpu, cpu-torch-2.6.0)"
        )
    return value


#: The name of a record made on another torch version: `<runner>-torch-<version>`.
VERSION_RECORD_RE = re.compile(
    r"^(?P<runner>[a-z0-9][a-z0-9-]*?)-torch-(?P<torch>\d+(?:\.\d+)+)$"
)
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
#: Other records in `verification/`, each with its own format and reader: benchmarks
#: (`bench-<runner>.json`, :mod:`.benchmarks`) and the runs of the downloads
#: (`downloads-<runner>.json`, :mod:`.download_runs`). Test records skip them.
BENCH_PREFIX = "bench-"
DOWNLOADS_PREFIX = "downloads-"
OTHER_RECORD_PREFIXES = (BENCH_PREFIX, DOWNLOADS_PREFIX)

SCHEMA_DOC = """\
{
  "schema_version": 1,
  "runner": "cpu",                         # file name is verification/<runner>.json
  "date": "2026-11-26T05:56:54+00:00",     # UTC, when the run started
  "device": {"cpu": "AMD EPYC ...", "gpu": null | "NVIDIA H200", "gpu_count": 0},
  "versions": {"python": "3.11.7", "torch": "2.14.1+cu130" | null,
               "torchvision": ... | null, "pytest": ... | null,
               "cuda": "13.0" | null,      # torch.version.cuda (compiled for)
               "cudnn": 92400 | null},
  "cuda_available": false,
  "require_gpu": false,                    # SNIPPETS_REQUIRE_GPU == "1"
  "pytest_args": ["snippets", ...],
  "exit_status": 0,                        # pytest's exit status
  "duration": 12.3,                        # seconds, whole run
  "totals": {"passed": 0, "failed": 0, "skipped": 0, "error": 0, "total": 0},
  "modules": {
    "snippets/examples/tensor_basics.py": {
      "sha256": "<hex of the module file when the run started>",
      "test_files": ["snippets/examples/test_tensor_basics.py"],
      "passed": 7, "failed": 0, "skipped": 1, "error": 0, "total": 8,
      "duration": 0.42,
      "output": {"text": "what main() printed", "test": "<test id>",
                 "machine": {"blas": "mkl:AUTO", "threads": "2", ...}},  # optional
      "errors": {"<slug>": {"type": "RuntimeError", "message": "..."}},  # optional
      "tests": [
        {"id": "snippets/examples/test_tensor_basics.py::test_x", "outcome": "passed"},
        {"id": "...::test_y[cuda]", "outcome": "skipped", "reason": "CUDA ..."},
        {"id": "...::test_z", "outcome": "failed", "message": "AssertionError: ..."}
      ]
    }
  },
  "unmapped": [ {"id": ..., "outcome": ..., "file": ...} ]  # tests of no module
}
"""


class RecordError(ValueError):
    """A verification results file does not follow the schema."""


# --------------------------------------------------------------------------------------
# predicates
# --------------------------------------------------------------------------------------


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _str(v: object) -> bool:
    return isinstance(v, str)


def _opt_str(v: object) -> bool:
    return v is None or isinstance(v, str)


def _nonneg_int(v: object) -> bool:
    return is_int(v) and v >= 0  # type: ignore[operator]


def is_nonneg_number(v: object) -> bool:
    return is_number(v) and v >= 0  # type: ignore[operator]


def _dict(v: object) -> bool:
    return isinstance(v, dict)


def _list(v: object) -> bool:
    return isinstance(v, list)


def _bool(v: object) -> bool:
    return isinstance(v, bool)


def _iso_date(v: object) -> bool:
    if not isinstance(v, str):
        return False
    try:
        parsed = dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None


@dataclass(frozen=True)
class Field:
    """One key of an object: a predicate, what it must be (pt-BR), and if required."""

    check: Callable[[object], bool]
    desc: str
    required: bool = True


def parse_date(text: str) -> dt.datetime | None:
    """The record's ISO 8601 date, or None if it does not parse."""
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


# --------------------------------------------------------------------------------------
# the schema, as data
# --------------------------------------------------------------------------------------

_COUNTS = {k: Field(_nonneg_int, "um inteiro >= 0") for k in (*OUTCOMES, "total")}

#: The keys every record has (test, benchmark and downloads records): see
#: :func:`check_header`.
HEADER_FIELDS: dict[str, Field] = {
    "schema_version": Field(is_int, "um inteiro"),
    "runner": Field(
        lambda v: isinstance(v, str) and bool(RUNNER_RE.match(v)),
        "um nome de runner (a-z, 0-9, -, .)",
    ),
    "date": Field(_iso_date, "uma data ISO 8601 com fuso (UTC)"),
    "device": Field(_dict, "um objeto"),
    "versions": Field(_dict, "um objeto"),
    "cuda_available": Field(_bool, "true ou false"),
    "duration": Field(is_nonneg_number, "um número >= 0"),
}
RECORD_FIELDS: dict[str, Field] = {
    **HEADER_FIELDS,
    "require_gpu": Field(_bool, "true ou false"),
    "exit_status": Field(is_int, "um inteiro"),
    "totals": Field(_dict, "um objeto"),
    "modules": Field(_dict, "um objeto"),
    "pytest_args": Field(_list, "uma lista", required=False),
    "unmapped": Field(lambda v: v is None or _list(v), "uma lista", required=False),
}
DEVICE_FIELDS: dict[str, Field] = {
    "cpu": Field(_opt_str, "texto ou null"),
    "gpu": Field(_opt_str, "texto ou null"),
}
VERSION_FIELDS: dict[str, Field] = {
    "python": Field(_str, "texto"),
    "torch": Field(_opt_str, "texto ou null"),
    "torchvision": Field(_opt_str, "texto ou null"),
    "cuda": Field(_opt_str, "texto ou null"),
    "cudnn": Field(
        lambda v: v is None or is_int(v) or isinstance(v, str),
        "inteiro, texto ou null",
    ),
}
MODULE_FIELDS: dict[str, Field] = {
    "sha256": Field(
        lambda v: isinstance(v, str) and bool(SHA_RE.match(v)),
        "um sha256 em hexadecimal (64 caracteres)",
    ),
    **_COUNTS,
    "duration": Field(is_nonneg_number, "um número >= 0"),
    "tests": Field(_list, "uma lista"),
    "test_files": Field(_list, "uma lista", required=False),
    # Optional: records made before outputs and messages were recorded lack them.
    "output": Field(_dict, "um objeto", required=False),
    "errors": Field(_dict, "um objeto", required=False),
}
OUTPUT_FIELDS: dict[str, Field] = {
    "text": Field(_str, "texto"),
    "test": Field(_str, "texto"),
    # The machine class that printed it (scripts/verification/machine.py); records
    # made before the classes were recorded lack it.
    "machine": Field(
        lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
        "um objeto de textos",
        required=False,
    ),
}
ERROR_FIELDS: dict[str, Field] = {
    "type": Field(_str, "texto"),
    "message": Field(_str, "texto"),
}
TEST_FIELDS: dict[str, Field] = {
    "id": Field(_str, "texto"),
    "outcome": Field(lambda v: v in OUTCOMES, f"um de {', '.join(OUTCOMES)}"),
}


def expect(cond: bool, where: str, problem: str) -> None:
    """Raise :class:`RecordError` ``where: problem`` unless ``cond``."""
    if not cond:
        raise RecordError(f"{where}: {problem}")


def check_fields(obj: object, where: str, spec: dict[str, Field]) -> None:
    """``obj`` is a JSON object with every required key, each key as ``spec`` says."""
    expect(isinstance(obj, dict), where, "deve ser um objeto JSON")
    assert isinstance(obj, dict)
    for key, f in spec.items():
        if key not in obj:
            expect(not f.required, where, f"falta a chave obrigatória '{key}'")
            continue
        expect(
            f.check(obj[key]), f"{where}.{key}", f"deve ser {f.desc}, veio {obj[key]!r}"
        )


def _validate_module(name: object, mod: object, where: str) -> None:
    expect(
        isinstance(name, str) and name.endswith(".py"),
        where,
        "a chave deve ser o caminho do módulo (.py)",
    )
    check_fields(mod, where, MODULE_FIELDS)
    assert isinstance(mod, dict)
    if "output" in mod:
        check_fields(mod["output"], f"{where}.output", OUTPUT_FIELDS)
    for slug, error in mod.get("errors", {}).items():
        check_fields(error, f"{where}.errors[{slug!r}]", ERROR_FIELDS)
    seen = dict.fromkeys(OUTCOMES, 0)
    for i, test in enumerate(mod["tests"]):
        check_fields(test, f"{where}.tests[{i}]", TEST_FIELDS)
        seen[test["outcome"]] += 1
    for key in OUTCOMES:
        expect(
            mod[key] == seen[key],
            where,
            f"'{key}' = {mod[key]}, mas a lista de testes tem {seen[key]}",
        )
    expect(
        mod["total"] == len(mod["tests"]),
        where,
        f"'total' = {mod['total']}, mas a lista tem {len(mod['tests'])} testes",
    )


def check_header(
    data: object, source: str, fields: dict[str, Field], version: int
) -> None:
    """Check what every record shares: ``fields``, ``version``, device, versions.

    Raises:
        RecordError: naming ``source`` and the first problem found.
    """
    check_fields(data, source, fields)
    assert isinstance(data, dict)
    expect(
        data["schema_version"] == version,
        f"{source}.schema_version",
        f"versão {data['schema_version']} desconhecida (esperada {version})",
    )
    check_fields(data["device"], f"{source}.device", DEVICE_FIELDS)
    check_fields(data["versions"], f"{source}.versions", VERSION_FIELDS)


def validate_record(data: object, source: str = "<registro>") -> dict:
    """Check a results record against the schema and return it.

    Args:
        data: the parsed JSON.
        source: name used in error messages (the file path).

    Returns:
        The same record, known to be well formed.

    Raises:
        RecordError: naming ``source`` and the first problem found.
    """
    check_header(data, source, RECORD_FIELDS, SCHEMA_VERSION)
    assert isinstance(data, dict)
    check_fields(data["totals"], f"{source}.totals", _COUNTS)
    totals = data["totals"]
    expect(
        totals["total"] == sum(totals[k] for k in OUTCOMES),
        f"{source}.totals",
        "total diferente da soma de passed + failed + skipped + error",
    )
    for name, mod in data["modules"].items():
        _validate_module(name, mod, f"{source}.modules[{name!r}]")
    return data


def read_json(path: Path, base: Path | None = None) -> tuple[str, object]:
    """(name for messages, parsed JSON) of a record file; the name is relative to
    ``base`` when given (the repository root).

    Raises:
        RecordError: naming the file, when it is unreadable or not JSON.
    """
    source = path.as_posix()
    if base is not None and path.is_relative_to(base):
        source = path.relative_to(base).as_posix()
    try:
        return source, json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordError(f"{source}: não é um JSON válido ({exc})") from exc


def load_records(directory: Path, base: Path | None = None) -> dict[str, dict]:
    """Read and validate every ``*.json`` in ``directory``, keyed by runner.

    File names in messages are relative to ``base`` when given (the repository root).

    Raises:
        RecordError: for unreadable JSON, a schema violation, or a file whose name
            is not ``<runner>.json``; the message names the file.
    """
    records: dict[str, dict] = {}
    if not directory.is_dir():
        return records
    for path in sorted(directory.glob("*.json")):
        if path.name.startswith(OTHER_RECORD_PREFIXES):
            continue  # not test records: benchmarks, downloads (see above)
        source, data = read_json(path, base)
        validate_record(data, source)
        expect(
            data["runner"] == path.stem,
            source,
            f"o runner é '{data['runner']}', mas o arquivo se chama {path.name} "
            f"(esperado {data['runner']}.json)",
        )
        records[data["runner"]] = data
    return records


def load_prefixed_records(
    directory: Path,
    prefix: str,
    validate: Callable[[object, str], dict],
    base: Path | None = None,
) -> dict[str, dict]:
    """Read and validate every ``<prefix><runner>.json`` in ``directory``, by runner.

    For the records that are not test records (``bench-``, ``downloads-``): each is
    checked by ``validate`` and must be named after its runner.

    Raises:
        RecordError: for unreadable JSON, a schema violation, or a file whose name
            is not ``<prefix><runner>.json``; the message names the file.
    """
    records: dict[str, dict] = {}
    if not directory.is_dir():
        return records
    for path in sorted(directory.glob(f"{prefix}*.json")):
        source, data = read_json(path, base)
        validate(data, source)
        expected = f"{prefix}{data['runner']}.json"
        expect(
            path.name == expected,
            source,
            f"o runner é '{data['runner']}', mas o arquivo se chama {path.name} "
            f"(esperado {expected})",
        )
        records[data["runner"]] = data
    return records


def write_record(
    record: dict, out: Path, validate: Callable[[object, str], dict] | None = None
) -> None:
    """Write a record as the committed files are written (sorted keys kept as built).

    With ``validate``, the record is checked first: nothing invalid is written.
    """
    if validate is not None:
        validate(record, out.as_posix())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
