"""The verification record: its schema, its one version number, and its validation.

A record is ``verification/<runner>.json``, written by
:mod:`scripts.verification.recorder` and read by the badges hook at every build (a
malformed file fails the build, naming the file and the first problem). The schema
constants live here and only here; the machinery (:class:`Field`, predicates,
:class:`RecordError`) is :mod:`.fields`, re-exported here for the other formats.

Extending the record is a local change: add the key to :data:`RECORD_FIELDS` (or to
:data:`MODULE_FIELDS` for a per-module key) with ``required=False``, a predicate and
a ``note`` (:data:`SCHEMA_DOC` is rendered from the tables), and have the recorder
write it. Old files without the key stay valid, so ``SCHEMA_VERSION`` changes only
when the meaning of an existing key changes. Recording side: standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

from scripts.verification.fields import (
    Field,
    RecordError,
    check_fields,
    describe,
    expect,
    is_bool,
    is_dict,
    is_int,
    is_list,
    is_nonneg_int,
    is_nonneg_number,
    is_opt_str,
    is_str,
    is_utc_date,
)

# Re-exported (`x as x`): benchmarks.py and status.py import them from here.
from scripts.verification.fields import is_number as is_number
from scripts.verification.fields import parse_date as parse_date

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

# --------------------------------------------------------------------------------------
# the schema, as data
# --------------------------------------------------------------------------------------

_COUNTS = {k: Field(is_nonneg_int, "um inteiro >= 0") for k in (*OUTCOMES, "total")}

DEVICE_FIELDS: dict[str, Field] = {
    "cpu": Field(is_opt_str, "texto ou null", note='"AMD EPYC ..."'),
    "gpu": Field(is_opt_str, "texto ou null", note='"NVIDIA H200"'),
    "gpu_count": Field(is_nonneg_int, "um inteiro >= 0", required=False),
}
VERSION_FIELDS: dict[str, Field] = {
    "python": Field(is_str, "texto", note='"3.11.7"'),
    "torch": Field(is_opt_str, "texto ou null", note='"2.14.1+cu130"'),
    "torchvision": Field(is_opt_str, "texto ou null"),
    "pytest": Field(is_opt_str, "texto ou null", required=False),
    "cuda": Field(
        is_opt_str, "texto ou null", note="torch.version.cuda (compiled for)"
    ),
    "cudnn": Field(
        lambda v: v is None or is_int(v) or isinstance(v, str),
        "inteiro, texto ou null",
        note="92400",
    ),
}
#: The keys every record has (test, benchmark and downloads records): see
#: :func:`check_header`.
HEADER_FIELDS: dict[str, Field] = {
    "schema_version": Field(is_int, "um inteiro"),
    "runner": Field(
        lambda v: isinstance(v, str) and bool(RUNNER_RE.match(v)),
        "um nome de runner (a-z, 0-9, -, .)",
        note="cpu, gpu, cpu-torch-2.6.0; the file is named after it",
    ),
    "date": Field(
        is_utc_date, "uma data ISO 8601 com fuso (UTC)", note="when the run started"
    ),
    "device": Field(is_dict, "um objeto", keys=DEVICE_FIELDS),
    "versions": Field(is_dict, "um objeto", keys=VERSION_FIELDS),
    "cuda_available": Field(is_bool, "true ou false"),
    "duration": Field(is_nonneg_number, "um número >= 0", note="seconds, whole run"),
}
OUTPUT_FIELDS: dict[str, Field] = {
    "text": Field(is_str, "texto", note="what main() printed"),
    "test": Field(is_str, "texto", note="the id of the test that printed it"),
    # The machine class that printed it (scripts/verification/machine.py); records
    # made before the classes were recorded lack it.
    "machine": Field(
        lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
        "um objeto de textos",
        required=False,
        note='machine class: {"blas": "mkl:AUTO", "threads": "2", ...}',
    ),
}
ERROR_FIELDS: dict[str, Field] = {
    "type": Field(is_str, "texto", note='"RuntimeError"'),
    "message": Field(is_str, "texto"),
}
TEST_FIELDS: dict[str, Field] = {
    "id": Field(is_str, "texto", note='"snippets/x/test_y.py::test_z[cuda]"'),
    "outcome": Field(lambda v: v in OUTCOMES, f"um de {', '.join(OUTCOMES)}"),
    "reason": Field(is_str, "texto", required=False, note="why it was skipped"),
    "message": Field(is_str, "texto", required=False, note="why it failed"),
}
MODULE_FIELDS: dict[str, Field] = {
    "sha256": Field(
        lambda v: isinstance(v, str) and bool(SHA_RE.match(v)),
        "um sha256 em hexadecimal (64 caracteres)",
        note="of the module file when the run started",
    ),
    **_COUNTS,
    "duration": Field(is_nonneg_number, "um número >= 0", note="seconds"),
    "tests": Field(is_list, "uma lista", note="one object per test", keys=TEST_FIELDS),
    "test_files": Field(is_list, "uma lista", required=False),
    # Optional: records made before outputs and messages were recorded lack them.
    "output": Field(is_dict, "um objeto", required=False, keys=OUTPUT_FIELDS),
    "errors": Field(
        is_dict,
        "um objeto",
        required=False,
        note="by error slug, each:",
        keys=ERROR_FIELDS,
    ),
}
RECORD_FIELDS: dict[str, Field] = {
    **HEADER_FIELDS,
    "require_gpu": Field(is_bool, "true ou false", note='SNIPPETS_REQUIRE_GPU == "1"'),
    "exit_status": Field(is_int, "um inteiro", note="pytest's exit status"),
    "totals": Field(is_dict, "um objeto", keys=_COUNTS),
    "modules": Field(
        is_dict,
        "um objeto",
        note='by module path ("snippets/examples/tensor_basics.py"), each:',
        keys=MODULE_FIELDS,
    ),
    "pytest_args": Field(
        is_list, "uma lista", required=False, note='["snippets", ...]'
    ),
    "unmapped": Field(
        lambda v: v is None or is_list(v),
        "uma lista",
        required=False,
        note='tests of no module: [{"id", "outcome", "file"}]',
    ),
}

#: The record's format, for readers of the code: rendered from the tables above.
SCHEMA_DOC = "\n".join(
    [
        f"verification/<runner>.json, schema_version {SCHEMA_VERSION}: a JSON object;",
        "key? is optional (older files lack it), nested keys are indented.",
        "",
        *describe(RECORD_FIELDS),
        "",
    ]
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


def load_records(
    directory: Path,
    base: Path | None = None,
    *,
    prefix: str = "",
    validate: Callable[[object, str], dict] = validate_record,
) -> dict[str, dict]:
    """Read and validate every ``<prefix><runner>.json`` in ``directory``, by runner.

    Without ``prefix``, the test records (the others' prefixes skipped); with one, the
    records that are not test records (``bench-``, ``downloads-``) and their
    ``validate``. File names in messages are relative to ``base`` when given (the
    repository root).

    Raises:
        RecordError: for unreadable JSON, a schema violation, or a file whose name
            is not ``<prefix><runner>.json``; the message names the file.
    """
    records: dict[str, dict] = {}
    if not directory.is_dir():
        return records
    for path in sorted(directory.glob(f"{prefix}*.json")):
        if not prefix and path.name.startswith(OTHER_RECORD_PREFIXES):
            continue  # not test records: benchmarks, downloads (see above)
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


def load_prefixed_records(
    directory: Path,
    prefix: str,
    validate: Callable[[object, str], dict],
    base: Path | None = None,
) -> dict[str, dict]:
    """:func:`load_records` with a ``prefix``, for callers that pass it positionally."""
    return load_records(directory, base, prefix=prefix, validate=validate)


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
