"""The benchmark record ``verification/bench-<runner>.json``: schema and validation.

Written by the benchmark runner (``python -m scripts.benchmarks``), read by the
``scripts/hooks/benchmarks_page.py`` hook at every build: a malformed file fails the
build, naming the file and the first problem (messages in pt-BR, like
:mod:`scripts.verification.schema`, whose field helpers this module reuses).

One record per runner. Like a test record it carries the device, the versions and
the sha256 of every benchmark module when the run started, so the page can say when
a module changed after its numbers were measured. Each result is one measured case;
a case that cannot run on a runner (``pin_memory`` without CUDA) is recorded with
``value: null`` and a ``reason``, and shown as such, never as zero.

Version 2 (the runner writes it) keeps every sample of every case, the ratio of each
case to its baseline with its 95% interval and number of rounds (the cases of a
comparison are timed interleaved), and the load average before, during and after
the run. Version 1 (cases timed one after the other, five summary quantiles, load
at start and end) stays readable: the page shows its ratios without an interval and
says why, until the runner records again.
"""

from __future__ import annotations

from pathlib import Path

from scripts.verification.schema import (
    BENCH_PREFIX,
    HEADER_FIELDS,
    SHA_RE,
    Field,
    check_fields,
    check_header,
    expect,
    is_int,
    is_nonneg_number,
    is_number,
    load_records,
    write_record,
)

BENCH_SCHEMA_VERSION = 2
#: Versions the page can still render (1: sequential repeats, no interval).
READABLE_VERSIONS = (1, 2)
#: The groups of results, in the order of the page.
GROUPS = ("training", "inference", "dataloader", "memory")
METRICS = {"throughput": "maior é melhor", "latency": "menor é melhor",
           "memory": "menor é melhor"}  # fmt: skip

BENCH_SCHEMA_DOC = """\
{
  "schema_version": 2,
  "kind": "benchmarks",
  "runner": "cpu",                          # file: verification/bench-<runner>.json
  "date": "2026-11-26T05:56:54+00:00",      # UTC, when the run started
  "device": {...}, "versions": {...},       # as in the test records (environment.py)
  "cuda_available": false,
  "host": {"cpu_count": 2, "torch_threads": 2,
           "load": {"before": [1.2, 1.0, 0.9] | null,      # os.getloadavg()
                    "during": [{"t_s": 40.1, "after": "treino CNN",
                                "load": [...] | null}, ...],  # one per comparison
                    "after": [...] | null,
                    "max_1min": 1.4 | null, "busy": false},   # busy: max > cpu_count
           "busy_allowed": false},          # true: recorded busy with --allow-busy
           # version 1: "load_average_start", "load_average_end" instead of "load"
  "peak": {"flops": 9.89e14, "dtype": "bfloat16", "source": "..."} | null,
  "duration": 241.7,                        # seconds, whole run
  "modules": {"snippets/benchmarks/training_step.py": {"sha256": "<hex>"}},
  "results": [
    {
      "id": "train-cnn-naive",              # unique in the record
      "group": "training",                  # training | inference | dataloader | memory
      "module": "snippets/benchmarks/training_step.py",   # a key of "modules"
      "depends": ["snippets/examples/image_cnn.py"],       # optional, also keys
      "label": "CNN do perfil: laço ingênuo (float32)",   # pt-BR, shown on the page
      "params": {"batch": 64, "image": 32, ...},          # free-form, shown on the page
      "metric": "throughput",               # throughput | latency | memory
      "unit": "img/s",                      # of "value"
      "value": 3512.4 | null,               # median; null => "reason" says why
      "reason": "sem CUDA: ...",            # only with value null
      "baseline": "train-cnn-naive",        # optional: id this case is compared with
      "ratio": {"baseline": "train-cnn-naive",   # v2: required with "baseline"
                "value": 2.2, "low": 2.0, "high": 2.4,   # low <= value <= high
                "rounds": 15, "confidence": 0.95, "method": "..."},
                # time: baseline / case (speed-up); memory group: case / baseline
      "timing": {"warmup": 3, "repeats": 15, "median_s": 0.018, "p25_s": ...,
                 "p75_s": ..., "min_s": ..., "max_s": ..., "compile_s": 41.2 | null,
                 "number": 1,                # v2: calls per sample
                 "samples_s": [0.018, ...]}, # v2: every sample, one per round
      "flops": {"per_step": 1.2e11, "achieved": 3.1e12, "peak_share": 0.12 | null},
      "memory": {"peak_bytes": 123456, "kind": "cuda_max_allocated" | "rss_peak_delta",
                 "saved_activation_bytes": 4567 | null,
                 "process": "fresh"},        # v2: measured alone in a new process
      "check": {"compiled_matches_eager": true, "max_abs_diff": 1e-6}
    }
  ]
}
"""


def _opt_nonneg(v: object) -> bool:
    return v is None or is_nonneg_number(v)


def _text(v: object) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _loads(v: object) -> bool:
    return v is None or (
        isinstance(v, list) and len(v) == 3 and all(is_nonneg_number(x) for x in v)
    )


RECORD_FIELDS: dict[str, Field] = {
    **HEADER_FIELDS,
    "kind": Field(lambda v: v == "benchmarks", '"benchmarks"'),
    "host": Field(lambda v: isinstance(v, dict), "um objeto"),
    "peak": Field(lambda v: v is None or isinstance(v, dict), "um objeto ou null"),
    "modules": Field(lambda v: isinstance(v, dict) and bool(v), "um objeto não vazio"),
    "results": Field(lambda v: isinstance(v, list) and bool(v), "uma lista não vazia"),
}
HOST_FIELDS: dict[str, Field] = {
    "cpu_count": Field(lambda v: v is None or (is_int(v) and v > 0), "inteiro > 0"),
    "torch_threads": Field(lambda v: is_int(v) and v > 0, "um inteiro > 0"),
    "load_average_start": Field(_loads, "três números >= 0 ou null", required=False),
    "load_average_end": Field(_loads, "três números >= 0 ou null", required=False),
    "load": Field(lambda v: isinstance(v, dict), "um objeto", required=False),
    "busy_allowed": Field(
        lambda v: isinstance(v, bool), "true ou false", required=False
    ),
}
LOAD_FIELDS: dict[str, Field] = {
    "before": Field(_loads, "três números >= 0 ou null"),
    "during": Field(
        lambda v: (
            isinstance(v, list)
            and all(isinstance(d, dict) and _loads(d.get("load")) for d in v)
        ),
        "uma lista de {t_s, after, load}",
    ),
    "after": Field(_loads, "três números >= 0 ou null"),
    "max_1min": Field(_opt_nonneg, "um número >= 0 ou null"),
    "busy": Field(lambda v: isinstance(v, bool), "true ou false"),
}
RATIO_FIELDS: dict[str, Field] = {
    "baseline": Field(_text, "o id da base"),
    **{
        k: Field(lambda v: is_number(v) and v > 0, "um número > 0")
        for k in ("value", "low", "high")
    },
    "rounds": Field(lambda v: is_int(v) and v >= 6, "um inteiro >= 6"),
    "confidence": Field(lambda v: is_number(v) and 0 < v < 1, "entre 0 e 1"),
    "method": Field(_text, "texto"),
}
PEAK_FIELDS: dict[str, Field] = {
    "flops": Field(lambda v: is_number(v) and v > 0, "um número > 0"),
    "dtype": Field(_text, "texto"),
    "source": Field(_text, "texto (de onde vem o número)"),
}
MODULE_FIELDS: dict[str, Field] = {
    "sha256": Field(
        lambda v: isinstance(v, str) and bool(SHA_RE.match(v)),
        "um sha256 em hexadecimal (64 caracteres)",
    ),
}
RESULT_FIELDS: dict[str, Field] = {
    "id": Field(_text, "texto"),
    "group": Field(lambda v: v in GROUPS, f"um de {', '.join(GROUPS)}"),
    "module": Field(_text, "o caminho de um módulo"),
    "label": Field(_text, "texto"),
    "params": Field(lambda v: isinstance(v, dict), "um objeto"),
    "metric": Field(lambda v: v in METRICS, f"um de {', '.join(METRICS)}"),
    "unit": Field(_text, "texto"),
    "value": Field(_opt_nonneg, "um número >= 0 ou null"),
    "reason": Field(_text, "texto", required=False),
    "baseline": Field(_text, "o id de outro resultado", required=False),
    "depends": Field(
        lambda v: isinstance(v, list) and all(_text(x) for x in v),
        "uma lista de caminhos de módulos",
        required=False,
    ),
    "timing": Field(lambda v: isinstance(v, dict), "um objeto", required=False),
    "flops": Field(lambda v: isinstance(v, dict), "um objeto", required=False),
    "memory": Field(lambda v: isinstance(v, dict), "um objeto", required=False),
    "check": Field(lambda v: isinstance(v, dict), "um objeto", required=False),
    "ratio": Field(lambda v: isinstance(v, dict), "um objeto", required=False),
}
TIMING_FIELDS: dict[str, Field] = {
    "warmup": Field(lambda v: is_int(v) and v >= 0, "um inteiro >= 0"),
    "repeats": Field(lambda v: is_int(v) and v >= 3, "um inteiro >= 3"),
    **{
        k: Field(lambda v: is_number(v) and v > 0, "um número > 0")
        for k in ("median_s", "p25_s", "p75_s", "min_s", "max_s")
    },
    "compile_s": Field(_opt_nonneg, "um número >= 0 ou null", required=False),
    "number": Field(lambda v: is_int(v) and v >= 1, "um inteiro >= 1", required=False),
    "samples_s": Field(
        lambda v: isinstance(v, list) and all(is_number(x) and x > 0 for x in v),
        "uma lista de números > 0",
        required=False,
    ),
}
FLOPS_FIELDS: dict[str, Field] = {
    "per_step": Field(lambda v: is_number(v) and v > 0, "um número > 0"),
    "achieved": Field(is_nonneg_number, "um número >= 0"),
    "peak_share": Field(
        lambda v: v is None or (is_number(v) and 0 <= v <= 1),
        "um número entre 0 e 1 ou null",
    ),
}
MEMORY_FIELDS: dict[str, Field] = {
    "peak_bytes": Field(lambda v: v is None or (is_int(v) and v >= 0), "inteiro >= 0"),
    "kind": Field(
        lambda v: v in ("cuda_max_allocated", "rss_peak_delta"),
        "cuda_max_allocated ou rss_peak_delta",
    ),
    "saved_activation_bytes": Field(
        lambda v: v is None or (is_int(v) and v >= 0), "inteiro >= 0 ou null"
    ),
    "process": Field(lambda v: v == "fresh", '"fresh"', required=False),
}


def _validate_v2(res: dict, where: str) -> None:
    """What version 2 adds: every sample kept, each comparison with its interval."""
    timing = res.get("timing")
    if timing:
        samples = timing.get("samples_s")
        expect(samples is not None, f"{where}.timing", "falta 'samples_s' (versão 2)")
        expect(
            len(samples) == timing["repeats"],
            f"{where}.timing.samples_s",
            f"{len(samples)} amostras, mas repeats = {timing['repeats']}",
        )
        expect(
            min(samples) == timing["min_s"] and max(samples) == timing["max_s"],
            f"{where}.timing",
            "min_s e max_s não são os das amostras",
        )
    if "baseline" in res:
        expect("ratio" in res, where, "'baseline' sem 'ratio' (a razão e o intervalo)")
    if "ratio" in res:
        ratio = res["ratio"]
        check_fields(ratio, f"{where}.ratio", RATIO_FIELDS)
        expect(
            ratio["baseline"] == res.get("baseline"),
            f"{where}.ratio.baseline",
            "difere de 'baseline'",
        )
        expect(
            ratio["low"] <= ratio["value"] <= ratio["high"],
            f"{where}.ratio",
            "esperado low <= value <= high",
        )


def _validate_result(res: object, where: str, modules: dict) -> None:
    check_fields(res, where, RESULT_FIELDS)
    assert isinstance(res, dict)
    expect(
        res["module"] in modules,
        f"{where}.module",
        f"{res['module']!r} não está em 'modules' (sem sha256 não há como saber se "
        "o número ainda vale)",
    )
    for dep in res.get("depends", []):
        expect(dep in modules, f"{where}.depends", f"{dep!r} não está em 'modules'")
    if res["value"] is None:
        expect("reason" in res, where, "'value' é null mas falta 'reason' (o porquê)")
    else:
        expect("reason" not in res, where, "'reason' só vale com 'value' null")
    for key, spec in (
        ("timing", TIMING_FIELDS),
        ("flops", FLOPS_FIELDS),
        ("memory", MEMORY_FIELDS),
    ):
        if key in res:
            check_fields(res[key], f"{where}.{key}", spec)
    timing = res.get("timing")
    if timing:
        order = [timing[k] for k in ("min_s", "p25_s", "median_s", "p75_s", "max_s")]
        expect(
            order == sorted(order),
            f"{where}.timing",
            "esperado min_s <= p25_s <= median_s <= p75_s <= max_s",
        )


def validate_bench_record(data: object, source: str = "<registro>") -> dict:
    """Check a benchmark record against the schema and return it.

    Raises:
        RecordError: naming ``source`` and the first problem found.
    """
    version = BENCH_SCHEMA_VERSION
    if isinstance(data, dict) and data.get("schema_version") in READABLE_VERSIONS:
        version = data["schema_version"]
    check_header(data, source, RECORD_FIELDS, version)
    assert isinstance(data, dict)
    check_fields(data["host"], f"{source}.host", HOST_FIELDS)
    if version >= 2:
        expect("load" in data["host"], f"{source}.host", "falta 'load' (versão 2)")
        check_fields(data["host"]["load"], f"{source}.host.load", LOAD_FIELDS)
    if data["peak"] is not None:
        check_fields(data["peak"], f"{source}.peak", PEAK_FIELDS)
    for name, mod in data["modules"].items():
        where = f"{source}.modules[{name!r}]"
        expect(name.endswith(".py"), where, "a chave deve ser o caminho do módulo")
        check_fields(mod, where, MODULE_FIELDS)
    ids: set[str] = set()
    for i, res in enumerate(data["results"]):
        where = f"{source}.results[{i}]"
        _validate_result(res, where, data["modules"])
        if version >= 2:
            _validate_v2(res, where)
        expect(res["id"] not in ids, f"{where}.id", f"{res['id']!r} repetido")
        ids.add(res["id"])
    for i, res in enumerate(data["results"]):
        if "baseline" in res:
            expect(
                res["baseline"] in ids,
                f"{source}.results[{i}].baseline",
                f"{res['baseline']!r} não é o id de nenhum resultado",
            )
    return data


def bench_path(directory: Path, runner: str) -> Path:
    return directory / f"{BENCH_PREFIX}{runner}.json"


def load_bench_records(directory: Path, base: Path | None = None) -> dict[str, dict]:
    """Read and validate every ``bench-*.json`` in ``directory``, keyed by runner.

    Raises:
        RecordError: for unreadable JSON, a schema violation, or a file whose name
            is not ``bench-<runner>.json``; the message names the file.
    """
    return load_records(
        directory, base, prefix=BENCH_PREFIX, validate=validate_bench_record
    )


def write_bench_record(record: dict, out: Path) -> None:
    """Validate, then write a record as the committed files are written."""
    write_record(record, out, validate_bench_record)
