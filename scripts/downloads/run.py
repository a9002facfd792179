"""Running a download as a reader would, and checking that it printed the page's output.

- A ``.py`` runs as ``python <name>.py`` in an empty folder, with nothing of the
  repository on ``sys.path`` (:func:`run_script`); a notebook runs in its own kernel
  of this interpreter (a kernel spec written into a folder of the caller's:
  nothing is registered on the machine), every cell in order (:func:`run_notebook`).
- Both run offline: a ``sitecustomize`` on ``PYTHONPATH`` refuses connections to
  other hosts (as ``snippets/conftest.py`` does for the snippet tests):
  :func:`offline_env`.
- What ``main()`` prints must be what the page shows (:func:`output_problems`):
  ``output/<name>.txt`` beside the module, exact in the machine class that
  recorded it (``snippets/output_environments.json``); in another class (another
  CPU vendor or BLAS branch, thread count, torch build, a GPU) the text and the
  place of every number must match, as ``snippets/conftest.py`` compares. A
  module whose output depends on the machine (``output/<name>_<case>.txt``) must
  print one of the outputs the page shows. Nothing may go to stderr.

Every check returns a list of problems (pt-BR, as they reach the records and the
badges' details), empty when the download ran as the page says. Used by
``tests/test_downloads_run.py`` and by the recorder, :mod:`scripts.downloads.record`
(which first names what is missing among ``requirements/downloads.txt``).
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import nbformat
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from scripts.downloads import notebook as nb
from scripts.downloads.plan import PageDownloads, all_downloads, shown_outputs
from scripts.verification import site
from scripts.verification.machine import machine_class
from scripts.verification.outputs import compare_output, recorded_classes

#: Seconds one download may run (a `.py`, or a notebook's cell).
TIMEOUT = 600

#: Refuses every connection that does not stay on this machine (the kernel talks to
#: its client over loopback).
GUARD = """
import socket


_connect = socket.socket.connect


def _guarded(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(address, tuple) and host not in ("127.0.0.1", "::1", "localhost"):
        raise OSError(f"offline: connection to {address!r} refused by the test")
    return _connect(self, address)


socket.socket.connect = _guarded
"""

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def offline_env(folder: Path, base: dict[str, str]) -> dict[str, str]:
    """The environment of a run: ``base`` without ``PYTHONPATH``, the offline guard on.

    The guard is written into ``folder`` (created if needed).
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(textwrap.dedent(GUARD), encoding="utf-8")
    env = {k: v for k, v in base.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(folder)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def kernel_dirs(folder: Path) -> list[str]:
    """A ``python3`` kernel spec of this interpreter in ``folder``, for nbclient."""
    write_kernel_spec(folder / "python3")
    return [str(folder)]


@dataclass
class Sandbox:
    """Where downloads run: the offline environment and the kernel spec folders."""

    env: dict[str, str]
    kernels: list[str]


@dataclass
class Downloads:
    """Every download built from the sources under ``root``, and what each runs."""

    root: Path
    plans: list[PageDownloads]
    #: Site path -> the bytes the build writes.
    files: dict[str, bytes]

    @classmethod
    def build(cls, root: Path, site_url: str | None = None) -> Downloads:
        """Build them as the site does (without ``site_url``: the records' bytes)."""
        plans, files = all_downloads(root, site_url)
        return cls(root, plans, files)

    @cached_property
    def scripts(self) -> dict[str, str]:
        """Site path of each ``.py`` -> the module it is."""
        return {path: module for p in self.plans for module, path in p.scripts.items()}

    @cached_property
    def notebooks(self) -> dict[str, PageDownloads]:
        """Site path of each notebook -> its page's plan."""
        return {p.notebook: p for p in self.plans}

    @cached_property
    def machine(self) -> dict[str, str]:
        """The machine class a download runs in: this interpreter's, whose threads
        and dispatch variables the fresh process or kernel inherits."""
        return machine_class()

    def exact(self, module: str) -> bool:
        """Whether ``module``'s output was recorded in this machine class."""
        path = self.root / nb.OUTPUT_ENVIRONMENTS
        return recorded_classes(path).get(module) == self.machine

    def expected_outputs(self, module: str) -> list[Path]:
        """The site's output for ``module``: its own file, else the cases shown."""
        own = self.root / module
        own = own.parent / "output" / (own.stem + ".txt")
        if own.is_file():
            return [own]
        shown: list[Path] = []
        for plan in self.plans:
            page = self.root / site.DOCS / plan.page
            markdown = page.read_text(encoding="utf-8")
            shown += [self.root / p for p in shown_outputs(markdown, module)]
        return shown

    def output_problems(self, module: str, printed: str) -> list[str]:
        """Empty when ``printed`` is what the page shows for ``module``."""
        candidates = self.expected_outputs(module)
        if not candidates:
            return [f"{module}: o site não mostra saída para comparar"]
        report = []
        for path in candidates:
            expected = path.read_text(encoding="utf-8")
            name = path.relative_to(self.root).as_posix()
            if self.exact(module):
                if printed == expected:
                    return []
                problems = compare_output(
                    printed, expected, rel=0, abs_=0, by_value=True
                )
                report.append(f"{name}: " + "; ".join(problems or ["?"]))
            else:
                problems = compare_output(
                    printed, expected, rel=0, abs_=0, by_value=False
                )
                if not problems:
                    return []
                report.append(f"{name}: " + "; ".join(problems))
        return [f"{module}: a saída difere da mostrada na página", *report]

    def check(self, path: str, workdir: Path, sandbox: Sandbox) -> list[str]:
        """Run the download at site path ``path`` in the empty ``workdir``; problems."""
        if path in self.scripts:
            return self.check_script(path, workdir, sandbox)
        if path in self.notebooks:
            return self.check_notebook(path, workdir, sandbox)
        raise KeyError(f"{path}: not a download of this site")

    def check_script(self, path: str, workdir: Path, sandbox: Sandbox) -> list[str]:
        """Run the ``.py`` at ``path``; it must print the page's output, no stderr."""
        name = Path(path).name
        problems, printed = run_script(self.files[path], name, workdir, sandbox.env)
        if problems:
            return problems
        return self.output_problems(self.scripts[path], printed)

    def check_notebook(self, path: str, workdir: Path, sandbox: Sandbox) -> list[str]:
        """Run the notebook at ``path``; its run cells print the page's outputs."""
        notebook, problems = run_notebook(self.files[path], workdir, sandbox)
        if problems:
            return problems
        runs = [c for c in notebook.cells if nb.RUN_TAG in c.metadata.get("tags", [])]
        ran = [c.metadata["example"]["module"] for c in runs]
        expected = self.notebooks[path].examples
        if ran != expected:
            return [f"o notebook roda {ran}, a página roda {expected}"]
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            stderr = [o.text for o in cell.outputs if o.get("name") == "stderr"]
            if stderr:
                problems.append(f"{cell.id} escreveu em stderr:\n{''.join(stderr)}")
        for cell, module in zip(runs, ran, strict=True):
            printed = "".join(
                o.text
                for o in cell.outputs
                if o.output_type == "stream" and o.name == "stdout"
            )
            problems += self.output_problems(module, printed)
        return problems


def run_script(
    data: bytes, name: str, workdir: Path, env: dict[str, str]
) -> tuple[list[str], str]:
    """Run ``data`` as ``python <name>`` in ``workdir``: (problems, what it printed)."""
    script = workdir / name
    script.write_bytes(data)
    try:
        proc = subprocess.run(
            [sys.executable, script.name],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return [f"{name}: passou de {TIMEOUT} s e foi interrompido"], ""
    if proc.returncode != 0:
        return [
            f"{name} saiu com status {proc.returncode}: {last_line(proc.stderr)}\n"
            f"{proc.stderr}"
        ], ""
    if proc.stderr:
        return [
            f"{name} escreveu em stderr: {last_line(proc.stderr)}\n{proc.stderr}"
        ], ""
    return [], proc.stdout


def run_notebook(
    data: bytes, workdir: Path, sandbox: Sandbox
) -> tuple[nbformat.NotebookNode, list[str]]:
    """Execute every cell of the notebook ``data`` in a fresh kernel in ``workdir``.

    Returns the executed notebook and the problems (a cell that raised, with its
    traceback; a cell past the time limit; a kernel that died).
    """

    notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
    specs = KernelSpecManager(kernel_dirs=sandbox.kernels, ensure_native_kernel=False)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    client = NotebookClient(
        notebook,
        km=km,
        timeout=TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    try:
        client.execute(env=sandbox.env, cwd=str(workdir))
    except CellTimeoutError as exc:
        return notebook, [f"uma célula passou de {TIMEOUT} s: {plain(str(exc))}"]
    except DeadKernelError as exc:
        return notebook, [f"o kernel morreu: {plain(str(exc))}"]
    except CellExecutionError as exc:
        failed = [
            cell.id
            for cell in notebook.cells
            if any(o.output_type == "error" for o in cell.get("outputs", ()))
        ]
        where = failed[0] if failed else "uma célula"
        return notebook, [
            f"{where} levantou {exc.ename}: {plain(exc.evalue)}\n{plain(str(exc))}"
        ]
    return notebook, []


def last_line(text: str) -> str:
    """The last non-blank line of ``text`` (a traceback's exception)."""
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def plain(text: str) -> str:
    """``text`` without terminal colour codes (nbclient's tracebacks carry them)."""
    return _ANSI.sub("", text)
