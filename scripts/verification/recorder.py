"""The recorder: run ``pytest snippets`` and write ``verification/<runner>.json``.

Usage (from the repository root; ``scripts/record_verification.py`` is the same
command)::

    python scripts/record_verification.py --runner cpu
    SNIPPETS_REQUIRE_GPU=1 python3 scripts/record_verification.py --runner gpu \\
        --out "$OUT/gpu.json"
    python scripts/record_verification.py --runner cpu -- -k tensor

Everything after ``--`` goes to pytest unchanged. The environment (including
``SNIPPETS_REQUIRE_GPU``) is passed through. The results file is written even when
tests fail; the exit status is pytest's (non-zero when a test failed or errored).

pytest runs in a subprocess with :mod:`scripts.verification.plugin` loaded with
``-p``; the plugin streams one JSON line per report, which :func:`aggregate` folds
into one outcome per test and :func:`build_record` groups by snippet module (which
tests cover which module: :func:`scripts.verification.site.modules_for_test_file`).
The file format is :data:`scripts.verification.schema.SCHEMA_DOC`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.verification import plugin
from scripts.verification.digest import file_sha256
from scripts.verification.environment import environment
from scripts.verification.schema import (
    OUTCOMES,
    SCHEMA_VERSION,
    runner_name,
    validate_record,
    write_record,
)
from scripts.verification.site import modules_for_test_file, snippet_modules

#: Module name of the plugin's copy in the temporary folder.
PLUGIN_NAME = "_record_verification_plugin"
REPO_ROOT = Path(__file__).resolve().parents[2]


def aggregate(raw_lines: list[dict]) -> list[dict]:
    """One entry per test id (setup/call/teardown folded), in execution order."""
    tests: dict[str, dict] = {}
    for rep in raw_lines:
        nodeid = rep["nodeid"]
        test = tests.setdefault(
            nodeid, {"id": nodeid, "file": rep["file"], "outcome": "passed", "dur": 0.0}
        )
        if rep["kind"] == "collect":
            test["outcome"] = "error"
            test["message"] = "erro de coleta: " + rep.get("message", "")
            continue
        test["dur"] += rep.get("duration", 0.0)
        if rep.get("properties"):
            test["properties"] = rep["properties"]
        when, outcome = rep["when"], rep["outcome"]
        if outcome == "failed":
            if when == "call":
                if test["outcome"] != "error":
                    test["outcome"] = "failed"
            else:
                test["outcome"] = "error"
            test.setdefault("message", rep.get("message", ""))
        elif outcome == "skipped" and test["outcome"] == "passed":
            test["outcome"] = "skipped"
            reason = rep.get("reason", "")
            if "wasxfail" in rep:
                reason = "xfail: " + (rep["wasxfail"] or reason)
            test["reason"] = reason
    return list(tests.values())


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _attach_properties(modules: dict[str, dict], tests: list[dict]) -> None:
    """Put what passing tests attached (outputs, error messages) on their modules.

    A property names its module (`"module": "snippets/..."`): a test may check the
    output of a module other than the one its file is named after.
    """
    for test in tests:
        if test["outcome"] != "passed":
            continue  # a failed comparison recorded nothing the page may show
        for key, value in test.get("properties", ()):
            mod = modules.get(value.get("module", ""))
            if mod is None:
                continue
            if key == "printed_output":
                mod["output"] = {"text": value["text"], "test": test["id"]}
                if "machine" in value:
                    mod["output"]["machine"] = value["machine"]
            elif key == "error_message":
                mod.setdefault("errors", {})[value["slug"]] = {
                    "type": value["type"],
                    "message": value["message"],
                }


def _new_module(sha256: str) -> dict:
    return {
        "sha256": sha256,
        "test_files": [],
        **dict.fromkeys(OUTCOMES, 0),
        "total": 0,
        "duration": 0.0,
        "tests": [],
    }


def _entry(test: dict) -> dict:
    """A test as the record lists it: id, outcome, and why it did not pass."""
    entry = {"id": test["id"], "outcome": test["outcome"]}
    if test["outcome"] == "skipped":
        entry["reason"] = test.get("reason", "")
    elif test["outcome"] in ("failed", "error"):
        entry["message"] = test.get("message", "")
    return entry


def _group_by_module(
    tests: list[dict], root: Path, hashes: dict[str, str]
) -> tuple[dict[str, dict], list[dict]]:
    """Each test under every module its file covers; (modules, tests of no module)."""
    modules: dict[str, dict] = {}
    unmapped: list[dict] = []
    mapping_cache: dict[str, list[str]] = {}
    for test in tests:
        test_file = Path(test["file"])
        if test["file"] not in mapping_cache:
            mapped = modules_for_test_file(test_file, root)
            mapping_cache[test["file"]] = [_rel(m, root) for m in mapped]
        entry = _entry(test)
        targets = mapping_cache[test["file"]]
        if not targets:
            unmapped.append({**entry, "file": _rel(test_file, root)})
            continue
        rel_test = _rel(test_file, root)
        for module in targets:
            mod = modules.get(module)
            if mod is None:
                sha = hashes.get(module) or file_sha256(root / module)
                mod = modules[module] = _new_module(sha)
            if rel_test not in mod["test_files"]:
                mod["test_files"].append(rel_test)
            mod[test["outcome"]] += 1
            mod["total"] += 1
            mod["duration"] += test["dur"]
            mod["tests"].append(entry)
    return modules, unmapped


def build_record(
    *,
    runner: str,
    root: Path,
    hashes: dict[str, str],
    tests: list[dict],
    env: dict,
    started: dt.datetime,
    duration: float,
    exit_status: int,
    pytest_args: list[str],
    require_gpu: bool,
) -> dict:
    modules, unmapped = _group_by_module(tests, root, hashes)
    _attach_properties(modules, tests)
    for mod in modules.values():
        mod["duration"] = round(mod["duration"], 3)
    totals = dict.fromkeys(OUTCOMES, 0)
    for test in tests:
        totals[test["outcome"]] += 1
    totals["total"] = len(tests)
    return {
        "schema_version": SCHEMA_VERSION,
        "runner": runner,
        "date": started.replace(microsecond=0).isoformat(),
        "device": env["device"],
        "versions": env["versions"],
        "cuda_available": env["cuda_available"],
        "require_gpu": require_gpu,
        "pytest_args": pytest_args,
        "exit_status": exit_status,
        "duration": round(duration, 3),
        "totals": totals,
        "modules": dict(sorted(modules.items())),
        "unmapped": unmapped,
    }


def _run_pytest(root: Path, pytest_args: list[str]) -> tuple[int, list[dict]]:
    """pytest with the plugin (copied alone into a temporary folder, so nothing else
    lands on the tests' path); its exit status and the reports it streamed."""
    with tempfile.TemporaryDirectory(prefix="record-verification-") as tmp:
        tmp_dir = Path(tmp)
        shutil.copyfile(plugin.__file__, tmp_dir / f"{PLUGIN_NAME}.py")
        raw_path = tmp_dir / "reports.jsonl"
        raw_path.touch()
        env = dict(os.environ)
        env[plugin.RAW_ENV] = str(raw_path)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(tmp_dir), *filter(None, [env.get("PYTHONPATH")])]
        )
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            PLUGIN_NAME,
            "-p",
            "no:cacheprovider",
            f"--rootdir={root}",
            # One broken module must not blank the record of all the others.
            "--continue-on-collection-errors",
            *pytest_args,
        ]
        print("record_verification:", " ".join(cmd), flush=True)
        proc = subprocess.run(cmd, cwd=root, env=env, check=False)
        raw_lines = [
            json.loads(line)
            for line in raw_path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    return proc.returncode, raw_lines


def run(
    runner: str,
    out: Path,
    root: Path,
    snippets: str = "snippets",
    extra: list[str] | None = None,
) -> int:
    """Run pytest on `root/snippets`, write the record to `out`; pytest's status."""
    root = root.resolve()
    snippets_dir = root / snippets
    if not snippets_dir.is_dir():
        print(f"record_verification: {snippets_dir} não existe", file=sys.stderr)
        return 4
    hashes = {_rel(p, root): file_sha256(p) for p in snippet_modules(root, snippets)}
    pytest_args = [snippets, *(extra or [])]
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.monotonic()
    exit_status, raw_lines = _run_pytest(root, pytest_args)
    duration = time.monotonic() - t0
    record = build_record(
        runner=runner,
        root=root,
        hashes=hashes,
        tests=aggregate(raw_lines),
        env=environment(),
        started=started,
        duration=duration,
        exit_status=exit_status,
        pytest_args=pytest_args,
        require_gpu=os.environ.get("SNIPPETS_REQUIRE_GPU") == "1",
    )
    # Checked before writing, like the other records: nothing invalid is committed.
    write_record(record, out, validate_record)
    t = record["totals"]
    print(
        f"record_verification: {out} — {t['passed']} passed, {t['failed']} failed, "
        f"{t['skipped']} skipped, {t['error']} errors in {len(record['modules'])} "
        f"modules (pytest exit {exit_status})",
        flush=True,
    )
    if exit_status == 0 and (t["failed"] or t["error"]):
        return 1
    return exit_status


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(
        description="Run `pytest snippets` and write verification/<runner>.json.",
        epilog="Arguments after `--` are passed to pytest (e.g. `-- -k tensor`).",
    )
    parser.add_argument(
        "--runner",
        required=True,
        type=runner_name,
        help="runner name: cpu, gpu, ... (lowercase letters, digits, dashes)",
    )
    parser.add_argument(
        "--out", type=Path, help="results file (default: verification/<runner>.json)"
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=REPO_ROOT,
        help="repository root (default: the one holding this script)",
    )
    parser.add_argument(
        "--snippets", default="snippets", help="folder of the snippet modules"
    )
    args = parser.parse_args(argv)
    runner = args.runner
    out = args.out or args.root / "verification" / f"{runner}.json"
    return run(runner, out, args.root, args.snippets, extra)


if __name__ == "__main__":
    sys.exit(main())
