"""Run copied code blocks alone; started by :mod:`drift.standalone`, not imported.

Usage: ``python -I _runner.py serve SPEC.json`` or ``... run JOB.json``.

``-I`` (isolated mode) keeps the interpreter as bare as a reader's: ``PYTHONPATH`` and
user site are ignored and neither the script's folder nor the working directory is
put on ``sys.path``. The repository root is removed from ``sys.path`` as well, so a
block that imports ``snippets.*`` fails as it would for a reader.

``serve`` is a fork server. It runs the jobs in phases, importing a library only
between phases: jobs that do not import torch fork from a bare interpreter, then
``import torch`` and fork the jobs that import torch but not torchvision, then
``import torchvision`` and fork the rest. Each child therefore starts with nothing
already imported that its own code would not import itself (the import of torch is
done once, in the parent, instead of once per block: ~1.5 s saved per block), and
runs the block in a brand-new ``__main__`` module whose namespace is empty: a block
that forgot an import still fails with ``NameError``. No computation happens in the
parent, so forking is safe (no threads, no CUDA context).

``run`` executes one job in this (fresh) interpreter: the slow, fully independent
mode, used where ``fork`` is not available or when ``DRIFT_STANDALONE=fresh``.

A job with ``expect_error`` (a section named ``error-…``) must raise: either its top
level raises an ``Exception``, or it defines functions whose names end in ``_error``
and each of them raises when called without arguments. Otherwise it fails with
"must raise but ran cleanly". A ``NameError``, ``ImportError`` or ``SyntaxError`` is
a broken section, not the error it shows: it fails like in any other section.
Warnings emitted while an ``*_error`` function raises come with the error (the page
shows them): they are logged, not counted; warnings of the top level still fail.
"""

import contextlib
import json
import os
import re
import signal
import sys
import time
import traceback
import types
import warnings

#: Warnings a reader sees by default: FutureWarning and UserWarning always,
#: DeprecationWarning only when the copied code triggers it directly.
_ALWAYS = (FutureWarning, UserWarning)
_DIRECT = (DeprecationWarning, PendingDeprecationWarning)
#: Exceptions that mean the copied code is broken, never the error a section shows.
_BROKEN = (NameError, ImportError, SyntaxError)


def _call_error_functions(namespace, suffix):
    """Call each function the block defined whose name ends in ``suffix`` (``_error``:
    the vocabulary's ``ERROR_FUNCTION_SUFFIX``, sent in the job, since this script
    imports nothing of the repository); the last error, or None.

    None when there is no such function or one of them returns without raising.
    """
    functions = [
        value
        for name, value in namespace.items()
        if name.endswith(suffix)
        and isinstance(value, types.FunctionType)
        and value.__module__ == "__main__"
    ]
    raised = None
    for function in functions:
        try:
            function()
        except _BROKEN:
            raise
        except Exception as exc:  # the error the section exists to show
            raised = f"{function.__name__}() raised {type(exc).__name__}: {exc}"
        else:
            print(f"{function.__name__}() returned without raising", file=sys.stderr)
            return None
    return raised


def _enter(job):
    """Become the reader's ``python file.py`` in ``job['cwd']``: the file written,
    output to the log, the repository root off ``sys.path``, an empty ``__main__``."""
    os.chdir(job["cwd"])
    path = os.path.join(job["cwd"], job["file"])
    with open(path, "w", encoding="utf-8") as f:
        f.write(job["code"])
    log = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    sys.argv = [path]
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != job["root"]]
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    return path, module


def _run_code(job, path, module, caught):
    """Run the block (and its ``*_error`` functions when it must raise).

    Returns (status, what it raised or None, how many of ``caught`` came before
    the error functions ran, or None).
    """
    status, raised, before_error = 0, None, None
    expect_error = bool(job.get("expect_error"))
    try:
        exec(compile(job["code"], path, "exec"), module.__dict__)
        if expect_error:
            # Warnings the error itself brings are part of what the page shows.
            before_error = len(caught)
            raised = _call_error_functions(module.__dict__, job["error_suffix"])
    except SystemExit as exc:
        status = 0 if exc.code in (None, 0) else 1
        if status:
            print(f"SystemExit({exc.code!r})", file=sys.stderr)
    except Exception as exc:
        if expect_error and not isinstance(exc, _BROKEN):
            raised = f"raised {type(exc).__name__}: {exc}"
        else:
            status = 1
            traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next)
    except BaseException as exc:
        status = 1
        # Drop this frame: the reader's traceback starts in their own file.
        traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next)
    return status, raised, before_error


def _log_warnings(caught, before_error, path):
    """Log the warnings a reader would see; return those that fail the block."""
    seen = [
        w
        for w in caught[:before_error]
        if issubclass(w.category, _ALWAYS)
        or (issubclass(w.category, _DIRECT) and w.filename == path)
    ]
    for w in seen:
        print(
            f"{w.filename}:{w.lineno}: {w.category.__name__}: {w.message}",
            file=sys.stderr,
        )
    for w in caught[before_error:] if before_error is not None else []:
        print(f"with the error: {w.category.__name__}: {w.message}"[:300])
    return seen


def execute(job):
    """Run ``job['code']`` as ``__main__`` in ``job['cwd']``; return an exit code."""
    path, module = _enter(job)
    expect_error = bool(job.get("expect_error"))
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status, raised, before_error = _run_code(job, path, module, caught)
    if expect_error and status == 0:
        if raised is None:
            status = 1
            print("must raise but ran cleanly", file=sys.stderr)
        else:
            print(f"raised as expected: {raised}"[:500])
    seen = _log_warnings(caught, before_error, path)
    result = {
        "status": status,
        "warnings": len(seen),
        "seconds": round(time.perf_counter() - started, 2),
    }
    with open(job["result"], "w", encoding="utf-8") as f:
        json.dump(result, f)
    sys.stdout.flush()
    sys.stderr.flush()
    return 1 if status or seen else 0


def _phase(code):
    if re.search(r"^\s*(import|from)\s+torchvision\b", code, re.M):
        return 2
    if re.search(r"^\s*(import|from)\s+torch\b", code, re.M):
        return 1
    return 0


def serve(spec):
    workers, timeout = spec["workers"], spec["timeout"]
    phases = {0: [], 1: [], 2: []}
    for job in spec["jobs"]:
        phases[_phase(job["code"])].append(job)
    timings = {}
    for phase, preload in ((0, None), (1, "torch"), (2, "torchvision")):
        if not any(phases[p] for p in range(phase, 3)):
            break
        if preload:
            t = time.perf_counter()
            with contextlib.suppress(ImportError):
                __import__(preload)
            timings[f"import {preload}"] = round(time.perf_counter() - t, 2)
        queue = list(phases[phase])
        running = {}
        while queue or running:
            while queue and len(running) < workers:
                job = queue.pop(0)
                pid = os.fork()
                if pid == 0:  # child
                    code = 1
                    try:
                        os.setpgid(0, 0)
                        code = execute(job)
                    finally:
                        os._exit(code)
                running[pid] = (job, time.monotonic())
            pid, _ = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                now = time.monotonic()
                for cpid, (job, start) in list(running.items()):
                    if now - start > timeout:
                        with contextlib.suppress(ProcessLookupError):
                            os.killpg(cpid, signal.SIGKILL)
                        with open(job["log"], "a", encoding="utf-8") as f:
                            f.write(f"\nkilled: still running after {timeout:g} s\n")
                time.sleep(0.01)
                continue
            running.pop(pid, None)
    with open(spec["timings"], "w", encoding="utf-8") as f:
        json.dump(timings, f)


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    if mode == "serve":
        serve(spec)
    else:
        sys.exit(execute(spec))


if __name__ == "__main__":
    main()
