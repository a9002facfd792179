"""Synthetic verification records for the tests: entries, records, downloads.

Built with the schemas' own constants and validated on creation, so a test's sample
is always a record the site would accept.
"""

from __future__ import annotations

from scripts.verification import download_runs, schema

#: The module the synthetic records talk about.
MODULE = "snippets/examples/tensor_basics.py"


def make_entry(sha: str, passed=0, failed=0, skipped=0, error=0, prefix="t") -> dict:
    tests = []
    for outcome, n in (
        ("passed", passed),
        ("failed", failed),
        ("skipped", skipped),
        ("error", error),
    ):
        for i in range(n):
            test = {"id": f"{prefix}::test_{outcome}_{i}", "outcome": outcome}
            if outcome == "skipped":
                test["reason"] = "CUDA indisponível nesta máquina"
            elif outcome in ("failed", "error"):
                test["message"] = f"AssertionError: {outcome} {i}"
            tests.append(test)
    return {
        "sha256": sha,
        "test_files": [prefix],
        "passed": passed,
        "failed": failed,
        "skipped": skipped,
        "error": error,
        "total": len(tests),
        "duration": 0.25,
        "tests": tests,
    }


def make_record(modules: dict[str, dict], runner: str = "cpu", gpu: str | None = None):
    totals = {
        k: sum(m[k] for m in modules.values()) for k in (*schema.OUTCOMES, "total")
    }
    record = {
        "schema_version": schema.SCHEMA_VERSION,
        "runner": runner,
        "date": "2026-11-26T05:00:00+00:00",
        "device": {"cpu": "Test CPU", "gpu": gpu, "gpu_count": 1 if gpu else 0},
        "versions": {
            "python": "3.12.3",
            "torch": "2.11.0+cu130" if gpu else "2.14.1+cpu",
            "torchvision": "0.26.0",
            "pytest": "9.2.0",
            "cuda": "13.0" if gpu else None,
            "cudnn": 91002 if gpu else None,
        },
        "cuda_available": gpu is not None,
        "require_gpu": gpu is not None,
        "pytest_args": ["snippets"],
        "exit_status": 1 if totals["failed"] or totals["error"] else 0,
        "duration": 1.5,
        "totals": totals,
        "modules": modules,
        "unmapped": [],
    }
    return schema.validate_record(record, f"{runner}.json")


def make_downloads_record(
    files: dict[str, str],
    runner: str = "cpu",
    gpu: str | None = None,
    failed: tuple[str, ...] = (),
) -> dict:
    """A record of the downloads' runs: site path -> the sha256 that ran.

    Paths in ``failed`` failed, with a two-line problem; the device and versions are
    those of :func:`make_record`.
    """
    base = make_record({}, runner=runner, gpu=gpu)
    entries = {}
    for path, sha in files.items():
        entry = {
            "sha256": sha,
            "kind": path.rsplit(".", 1)[-1],
            "outcome": "failed" if path in failed else "passed",
            "seconds": 2.5,
        }
        if path in failed:
            entry["problem"] = "cell-009 levantou RuntimeError: formas\nTraceback ..."
        entries[path] = entry
    record = {
        "schema_version": download_runs.DOWNLOADS_SCHEMA_VERSION,
        "kind": "downloads",
        "runner": runner,
        "date": base["date"],
        "device": base["device"],
        "versions": base["versions"],
        "cuda_available": base["cuda_available"],
        "duration": 30.0,
        "downloads": entries,
    }
    return download_runs.validate_downloads_record(record, f"downloads-{runner}.json")
