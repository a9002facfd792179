"""`pytest snippets` under every CPU dispatch this machine can be forced into.

    python -m scripts.portability              # or: make portability
    python -m scripts.portability --only mkl-intel --only threads-1 -- -k prints

The suite must be green on any x86-64 CPU: Intel or AMD, AVX2 or AVX-512, any thread
count, any process layout. One machine cannot be all of them, but it can be forced
into most of their kernels: MKL's branch (``MKL_ENABLE_INSTRUCTIONS``, and, on a CPU
MKL does not tune for, the branch it takes on an Intel CPU: :func:`mkl_intel_shim`),
ATen's ISA (``ATEN_CPU_CAPABILITY``), oneDNN's (``ONEDNN_MAX_CPU_ISA``), the thread
count and the process layout. Each row runs the whole `pytest snippets` in a fresh
process and says which machine class it ran as (``scripts/verification/machine.py``)
and whether that is the class that recorded the outputs (numbers compared by value)
or another (text and places compared). Prints a Markdown table; exits non-zero when a
row failed. Standard library only; never run by `make test` (`make test-slow` runs it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: A C file that answers "yes" to MKL's "is this an Intel CPU?": preloaded, it makes
#: MKL on an AMD CPU take the kernels it takes on an Intel one with the same ISA.
#: Both names are exported by ``libtorch_cpu`` and called through its symbol table,
#: so a preloaded definition wins.
MKL_INTEL_SHIM = """\
int mkl_serv_intel_cpu_true(void) { return 1; }
int mkl_serv_intel_cpu(void) { return 1; }
"""


@dataclass(frozen=True)
class Dispatch:
    """One forced choice: a name, the variables it sets, how pytest is laid out."""

    name: str
    env: dict[str, str] = field(default_factory=dict)
    #: ``-n 2`` (pytest-xdist: each worker gets half the cores) or one process.
    workers: int = 2
    #: Set when it needs :func:`mkl_intel_shim`.
    shim: bool = False


DISPATCHES = (
    Dispatch("default (-n 2)"),
    Dispatch("one process", workers=0),
    Dispatch("threads-1", {"OMP_NUM_THREADS": "1"}, workers=0),
    Dispatch("mkl-avx2", {"MKL_ENABLE_INSTRUCTIONS": "AVX2"}),
    Dispatch("mkl-avx512", {"MKL_ENABLE_INSTRUCTIONS": "AVX512"}),
    Dispatch("mkl-intel", shim=True),
    Dispatch("mkl-intel-avx2", {"MKL_ENABLE_INSTRUCTIONS": "AVX2"}, shim=True),
    Dispatch("aten-default", {"ATEN_CPU_CAPABILITY": "default"}),
    Dispatch("aten-avx2", {"ATEN_CPU_CAPABILITY": "avx2"}),
    Dispatch("onednn-avx2", {"ONEDNN_MAX_CPU_ISA": "AVX2"}),
)


def mkl_intel_shim(folder: Path) -> Path | None:
    """Compile :data:`MKL_INTEL_SHIM`; ``None`` without a C compiler."""
    compiler = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
    if compiler is None:
        return None
    source, library = folder / "mkl_intel_shim.c", folder / "libmkl_intel_shim.so"
    source.write_text(MKL_INTEL_SHIM, encoding="utf-8")
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O2", "-o", str(library), str(source)],
        check=True,
    )
    return library


def dispatch_env(dispatch: Dispatch, shim: Path | None) -> dict[str, str] | None:
    """The environment of a row (``None`` when it needs a shim this machine lacks)."""
    env = {**os.environ, **dispatch.env}
    if dispatch.shim:
        if shim is None:
            return None
        env["LD_PRELOAD"] = " ".join(filter(None, [str(shim), env.get("LD_PRELOAD")]))
    return env


def machine_in(env: dict[str, str], workers: int) -> dict[str, str]:
    """The machine class a test process gets under ``env`` (threads as the conftest
    sets them for ``workers`` pytest-xdist workers)."""
    code = (
        "import json, os, torch\n"
        "from scripts.verification.machine import machine_class\n"
        f"w = {workers}\n"
        "if w: torch.set_num_threads(max(1, (os.cpu_count() or 1) // w))\n"
        "print(json.dumps(machine_class()))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def run_pytest(
    env: dict[str, str], workers: int, extra: list[str]
) -> tuple[int, str, float]:
    """``pytest snippets`` under ``env``: exit status, summary line, seconds."""
    layout = ["-n", str(workers)] if workers else ["-p", "no:xdist"]
    command = [sys.executable, "-m", "pytest", "snippets", "-q", *layout]
    command += ["-p", "no:cacheprovider", *extra]
    start = time.monotonic()
    proc = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    summary = lines[-1].strip("= ") if lines else proc.stderr.strip()[-200:]
    if proc.returncode:
        failed = [ln for ln in lines if ln.startswith(("FAILED", "ERROR"))]
        summary = "; ".join([summary, *failed[:5]])
    return proc.returncode, summary, time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", action="append", default=[], help="run only these rows (by name)"
    )
    parser.add_argument("pytest_args", nargs="*", help="after --: passed to pytest")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from scripts.verification.machine import describe
    from scripts.verification.outputs import recorded_classes

    recorded = {json.dumps(c, sort_keys=True) for c in recorded_classes().values()}
    rows = [d for d in DISPATCHES if not args.only or d.name in args.only]
    unknown = set(args.only) - {d.name for d in DISPATCHES}
    if unknown:
        parser.error(f"unknown rows: {', '.join(sorted(unknown))}")
    failed = 0
    print("| dispatch | machine class | numbers | result | s |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="portability-") as tmp:
        shim = mkl_intel_shim(Path(tmp)) if any(d.shim for d in rows) else None
        for dispatch in rows:
            env = dispatch_env(dispatch, shim)
            if env is None:
                print(
                    f"| {dispatch.name} | (no C compiler for the shim) | | not run | |"
                )
                continue
            machine = machine_in(env, dispatch.workers)
            same = json.dumps(machine, sort_keys=True) in recorded
            status, summary, seconds = run_pytest(
                env, dispatch.workers, args.pytest_args
            )
            failed += status != 0
            numbers = "by value" if same else "text + places"
            print(
                f"| {dispatch.name} | {describe(machine)} | {numbers} | "
                f"{'ok' if status == 0 else 'FAILED'}: {summary} | {seconds:.0f} |",
                flush=True,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
