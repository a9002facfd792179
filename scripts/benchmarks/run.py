"""The benchmark CLI: run every comparison, then validate and write the record.

``python -m scripts.benchmarks --runner cpu [--out PATH] [--device cpu|cuda]
[--allow-busy] [--quick]``. Without ``--device`` the runner named ``gpu`` uses CUDA
(and fails without it: a GPU runner must not record CPU numbers as GPU ones) and any
other runner the CPU.

It refuses to start while the 1-minute load average is above the number of CPUs
(exit status 3, nothing written), and refuses to record a run during which the load
went above them (exit status 4; the run is written to the temporary directory
instead). ``--allow-busy`` records anyway, and the record says the machine was busy
(the page then calls its figures "indicativos"). A ``--quick`` smoke run is not a
record and is never refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import torch

from scripts.benchmarks.cases import MODULES, all_cases
from scripts.benchmarks.load import LoadLog, busy_reason
from scripts.benchmarks.peaks import gpu_peak
from scripts.verification.benchmarks import (
    BENCH_SCHEMA_VERSION,
    bench_path,
    write_bench_record,
)
from scripts.verification.digest import file_sha256
from scripts.verification.environment import environment
from scripts.verification.schema import runner_name

REPO_ROOT = Path(__file__).resolve().parents[2]


def _log(message: str) -> None:
    print(f"bench: {message}", flush=True)


def module_hashes(root: Path) -> dict[str, dict]:
    return {m: {"sha256": file_sha256(root / m)} for m in MODULES}


def _refuse_if_busy(load: LoadLog, quick: bool, allow_busy: bool) -> str | None:
    """Why the machine is busy before the run (None when quiet); exits when busy
    unless the run is quick or allowed busy."""
    busy = busy_reason(load.before, load.cpus)
    if busy and not (quick or allow_busy):
        _log(
            f"refusing to record: {busy}. Wait for a quiet machine (uptime shows the "
            "load) or pass --allow-busy to record anyway: the record and the page "
            "will then call the figures indicative."
        )
        raise SystemExit(3)
    return busy


def _write(record: dict, out: Path, load: LoadLog, *, keep_only: bool) -> None:
    """Write the record; a run that got busy (``keep_only``) is kept in the
    temporary folder, not recorded, and exits."""
    if keep_only:
        # Busy during the run: not recorded, but not lost either.
        kept = Path(tempfile.gettempdir()) / out.name
        write_bench_record(record, kept)
        _log(
            f"not recorded: the load went above {load.cpus} CPUs during the run "
            f"(max {load.as_record()['max_1min']}). The run is kept in {kept}; run "
            "again on a quiet machine, or pass --allow-busy to record anyway."
        )
        raise SystemExit(4)
    write_bench_record(record, out)
    _log(f"{out}: {len(record['results'])} results in {record['duration']} s")
    if load.busy():
        _log(
            f"warning: the load went above {load.cpus} at some point "
            f"(max {load.as_record()['max_1min']}): the figures are indicative"
        )


def run(
    runner: str,
    out: Path,
    device: torch.device,
    root: Path = REPO_ROOT,
    *,
    quick: bool = False,
    allow_busy: bool = False,
) -> dict:
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit(
            f"bench: o runner '{runner}' pede CUDA, mas torch.cuda.is_available() é "
            f"False (torch {torch.__version__}, CUDA {torch.version.cuda})"
        )
    started = dt.datetime.now(dt.timezone.utc)
    load = LoadLog()
    busy = _refuse_if_busy(load, quick, allow_busy)
    hashes = module_hashes(root)
    env = environment()
    peak = gpu_peak(env["device"]["gpu"]) if device.type == "cuda" else None
    _log(
        f"{runner}: {device} · torch {torch.__version__} · "
        f"{torch.get_num_threads()} threads · load {load.before} on {load.cpus} CPUs"
    )
    t0 = time.monotonic()
    results = all_cases(device, peak, root, _log, load, quick=quick)
    load.finish()
    record = {
        "schema_version": BENCH_SCHEMA_VERSION,
        "kind": "benchmarks",
        "runner": runner,
        "date": started.replace(microsecond=0).isoformat(),
        "device": env["device"],
        "versions": env["versions"],
        "cuda_available": env["cuda_available"],
        "host": {
            "cpu_count": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "load": load.as_record(),
            "busy_allowed": bool(busy) and allow_busy,
        },
        "peak": peak,
        "duration": round(time.monotonic() - t0, 1),
        "modules": hashes,
        "results": results,
    }
    if module_hashes(root) != hashes:
        raise SystemExit("bench: a module changed during the run; run it again")
    _write(record, out, load, keep_only=load.busy() and not (quick or allow_busy))
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.benchmarks",
        description="Time snippets/benchmarks, write verification/bench-<runner>.json",
    )
    parser.add_argument(
        "--runner", required=True, type=runner_name, help="cpu, gpu, ..."
    )
    parser.add_argument(
        "--out", type=Path, help="default: verification/bench-<runner>.json"
    )
    parser.add_argument("--device", choices=("cpu", "cuda"))
    parser.add_argument(
        "--threads",
        type=int,
        help="torch intra-op threads (default: torch's, one per core). On a busy "
        "machine 1 thread can be several times faster than 2: spinning threads "
        "wait for each other; the record says which was used",
    )
    parser.add_argument(
        "--allow-busy",
        action="store_true",
        help="record even when the load average is above the number of CPUs "
        "(the record and the page then say the figures are indicative)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes: checks every path in seconds (needs --out; not a record)",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    device = torch.device(args.device or ("cuda" if args.runner == "gpu" else "cpu"))
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.quick and not args.out:
        parser.error("--quick needs --out (a smoke run is not a record)")
    out = args.out or bench_path(REPO_ROOT / "verification", args.runner)
    # A fresh inductor cache: the recorded compile time is a cold compilation,
    # never a cache hit left by an earlier run.
    with tempfile.TemporaryDirectory(prefix="bench-inductor-") as cache:
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = cache
        run(args.runner, out, device, quick=args.quick, allow_busy=args.allow_busy)
    return 0
