#!/usr/bin/env python3
"""Run `pytest snippets` and record the per-module results of one runner.

Usage (from the repository root)::

    python scripts/record_verification.py --runner cpu
    SNIPPETS_REQUIRE_GPU=1 python3 scripts/record_verification.py --runner gpu \\
        --out "$OUT/gpu.json"
    python scripts/record_verification.py --runner cpu -- -k tensor

Everything after `--` goes to pytest unchanged. The environment (including
`SNIPPETS_REQUIRE_GPU`) is passed through. The results file is written even when
tests fail; the exit status is pytest's (non-zero when a test failed or errored).

Needs only the standard library at import time; torch, torchvision and pytest are
imported (in a subprocess and, for the versions, here) only if installed. This very
file is also the pytest plugin that streams the reports: the recorder copies it into
a temporary folder and loads it with `-p`, so nothing else of `scripts/` lands on the
tests' import path.

The file format is described in `SCHEMA_DOC` below and validated by
`scripts/verification_report.py` (the MkDocs hook) at every build.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCHEMA_VERSION = 1
OUTCOMES = ("passed", "failed", "skipped", "error")
RAW_ENV = "RECORD_VERIFICATION_RAW"
PLUGIN_NAME = "_record_verification_plugin"
REPO_ROOT = Path(__file__).resolve().parent.parent

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


# --------------------------------------------------------------------------------------
# pytest plugin side (runs inside the pytest subprocess, loaded with -p)
# --------------------------------------------------------------------------------------

_plugin_rootpath: Path | None = None


def _short_message(report) -> str:
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    text = getattr(crash, "message", None)
    if not text:
        lines = [ln for ln in (report.longreprtext or "").splitlines() if ln.strip()]
        text = lines[-1] if lines else ""
    text = " ".join(text.split())
    return text[:500]


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
    else:
        reason = report.longreprtext or ""
    return reason.removeprefix("Skipped: ").strip()[:500]


def _emit(entry: dict) -> None:
    path = os.environ.get(RAW_ENV)
    if not path or _plugin_is_worker:
        return
    # One JSON line per report, flushed at once: a crash mid-run keeps what ran.
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _file_of(nodeid: str) -> str:
    file_part = nodeid.split("::", 1)[0]
    root = _plugin_rootpath or Path.cwd()
    return str((root / file_part).resolve())


_plugin_is_worker = False


def pytest_configure(config) -> None:
    global _plugin_rootpath, _plugin_is_worker
    _plugin_rootpath = Path(str(config.rootpath))
    # Under pytest-xdist (`-- -n 2`) the controller receives every report: the
    # workers must not write them a second time.
    _plugin_is_worker = hasattr(config, "workerinput")


def pytest_collectreport(report) -> None:
    if report.failed:
        _emit(
            {
                "kind": "collect",
                "nodeid": report.nodeid,
                "file": _file_of(report.nodeid),
                "outcome": "failed",
                "message": _short_message(report),
            }
        )


def pytest_runtest_logreport(report) -> None:
    entry = {
        "kind": "test",
        "nodeid": report.nodeid,
        "file": _file_of(report.nodeid),
        "when": report.when,
        "outcome": report.outcome,
        "duration": float(getattr(report, "duration", 0.0) or 0.0),
    }
    if hasattr(report, "wasxfail"):
        entry["wasxfail"] = str(report.wasxfail)
    if report.skipped:
        entry["reason"] = _skip_reason(report)
    elif report.failed:
        entry["message"] = _short_message(report)
    _emit(entry)


# --------------------------------------------------------------------------------------
# recorder side
# --------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_snippet_module(path: Path) -> bool:
    """A module shown on the site: not a test, not conftest, not a package marker."""
    name = path.name
    return (
        path.suffix == ".py"
        and not name.startswith("test_")
        and not name.endswith("_test.py")
        and name not in ("conftest.py", "__init__.py")
        and "__pycache__" not in path.parts
    )


def snippet_modules(snippets_dir: Path) -> list[Path]:
    return sorted(p for p in snippets_dir.rglob("*.py") if is_snippet_module(p))


def _imported_modules(test_file: Path, root: Path) -> list[Path]:
    """Snippet modules a test file imports (`from snippets.a import b`, ...)."""
    try:
        tree = ast.parse(test_file.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return []
    dotted: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            dotted += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            dotted.append(node.module)
            # `from snippets.examples import tensor_basics` imports a module too.
            dotted += [f"{node.module}.{alias.name}" for alias in node.names]
    found: list[Path] = []
    for name in dotted:
        candidate = root.joinpath(*name.split(".")).with_suffix(".py")
        if (
            candidate.is_file()
            and is_snippet_module(candidate)
            and candidate not in found
        ):
            found.append(candidate)
    return found


def modules_for_test_file(test_file: Path, root: Path) -> list[Path]:
    """The snippet module(s) a test file verifies.

    1. `test_<name>.py` beside `<name>.py` (the convention);
    2. otherwise the snippet modules it imports (`from snippets.x.y import ...`).
    An empty list means the tests belong to no module (they are kept as `unmapped`).
    """
    stem = test_file.stem
    if stem.startswith("test_"):
        beside = test_file.with_name(stem.removeprefix("test_") + ".py")
        if beside.is_file() and is_snippet_module(beside):
            return [beside]
    return _imported_modules(test_file, root)


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


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith(("model name", "hardware", "processor\t: ")):
                value = line.split(":", 1)[1].strip()
                if value and not value.isdigit():
                    return value
    except OSError:
        pass
    return platform.processor() or platform.machine() or "desconhecido"


def environment() -> dict:
    """Device and versions of this interpreter (the one that ran pytest)."""
    info = {
        "device": {"cpu": _cpu_model(), "gpu": None, "gpu_count": 0},
        "versions": {
            "python": platform.python_version(),
            "torch": None,
            "torchvision": None,
            "pytest": None,
            "cuda": None,
            "cudnn": None,
        },
        "cuda_available": False,
    }
    try:
        import pytest

        info["versions"]["pytest"] = pytest.__version__
    except Exception:  # noqa: BLE001 - a missing package is recorded as null
        pass
    try:
        import torchvision

        info["versions"]["torchvision"] = torchvision.__version__
    except Exception:  # noqa: BLE001
        pass
    try:
        import torch

        info["versions"]["torch"] = torch.__version__
        info["versions"]["cuda"] = torch.version.cuda
        try:
            cudnn = torch.backends.cudnn.version()
            info["versions"]["cudnn"] = int(cudnn) if cudnn is not None else None
        except Exception:  # noqa: BLE001
            pass
        if torch.cuda.is_available():
            info["cuda_available"] = True
            info["device"]["gpu_count"] = torch.cuda.device_count()
            info["device"]["gpu"] = torch.cuda.get_device_name(0)
    except Exception:  # noqa: BLE001
        pass
    return info


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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
    modules: dict[str, dict] = {}
    unmapped: list[dict] = []
    mapping_cache: dict[str, list[str]] = {}
    for test in tests:
        test_file = Path(test["file"])
        if test["file"] not in mapping_cache:
            mapped = modules_for_test_file(test_file, root)
            mapping_cache[test["file"]] = [_rel(m, root) for m in mapped]
        entry = {"id": test["id"], "outcome": test["outcome"]}
        if test["outcome"] == "skipped":
            entry["reason"] = test.get("reason", "")
        elif test["outcome"] in ("failed", "error"):
            entry["message"] = test.get("message", "")
        targets = mapping_cache[test["file"]]
        if not targets:
            unmapped.append({**entry, "file": _rel(test_file, root)})
            continue
        for module in targets:
            mod = modules.get(module)
            if mod is None:
                mod_path = root / module
                mod = modules[module] = {
                    "sha256": hashes.get(module) or sha256_of(mod_path),
                    "test_files": [],
                    **dict.fromkeys(OUTCOMES, 0),
                    "total": 0,
                    "duration": 0.0,
                    "tests": [],
                }
            rel_test = _rel(test_file, root)
            if rel_test not in mod["test_files"]:
                mod["test_files"].append(rel_test)
            mod[test["outcome"]] += 1
            mod["total"] += 1
            mod["duration"] += test["dur"]
            mod["tests"].append(entry)
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
    hashes = {_rel(p, root): sha256_of(p) for p in snippet_modules(snippets_dir)}
    require_gpu = os.environ.get("SNIPPETS_REQUIRE_GPU") == "1"
    pytest_args = [snippets, *(extra or [])]
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="record-verification-") as tmp:
        tmp_dir = Path(tmp)
        shutil.copyfile(Path(__file__), tmp_dir / f"{PLUGIN_NAME}.py")
        raw_path = tmp_dir / "reports.jsonl"
        raw_path.touch()
        env = dict(os.environ)
        env[RAW_ENV] = str(raw_path)
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
        duration = time.monotonic() - t0
        raw_lines = []
        for line in raw_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw_lines.append(json.loads(line))
    exit_status = proc.returncode
    tests = aggregate(raw_lines)
    record = build_record(
        runner=runner,
        root=root,
        hashes=hashes,
        tests=tests,
        env=environment(),
        started=started,
        duration=duration,
        exit_status=exit_status,
        pytest_args=pytest_args,
        require_gpu=require_gpu,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
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
    if not runner or not all(c.islower() or c.isdigit() or c == "-" for c in runner):
        parser.error(f"--runner {runner!r}: use lowercase letters, digits and dashes")
    out = args.out or args.root / "verification" / f"{runner}.json"
    return run(runner, out, args.root, args.snippets, extra)


if __name__ == "__main__":
    sys.exit(main())
