"""One golden-file check for the snippets' tests, with one update switch.

A golden file is a file the pages show (``output/<module>.txt``, the error messages'
``messages/<kind>.json``, the tables of the Score de seleção page) that a test
compares with what the code produces now. The switch is pytest's
``--update-output``, registered once by ``snippets/conftest.py``; its default comes
from ``SNIPPETS_UPDATE_OUTPUT=1``, so the existing commands keep working. The
``golden`` fixture there hands each test a :class:`Golden`:

- :meth:`Golden.check`: the text must equal the file (an update rewrites it);
- :meth:`Golden.check_numbers`: a printed output, text exactly and numbers by value
  on the machine class that wrote the file (:mod:`scripts.verification.outputs`);
  an update relabels only the files it rewrote;
- :meth:`Golden.update` and :meth:`Golden.read`, for a test that compares its own
  way (the error messages): an update without the switch fails loudly, a missing
  file fails naming the command that creates it.

Lives here rather than in ``snippets/`` because the tests that copy
``snippets/conftest.py`` alone into a throwaway tree also copy
``scripts/verification/``. Needs pytest, nothing else outside the standard library.
Messages are pt-BR: they are what a reader running ``pytest snippets`` sees.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.verification.machine import describe, machine_class
from scripts.verification.outputs import (
    compare_output,
    compares_by_value,
    record_class,
)

OPTION = "--update-output"
ENV = "SNIPPETS_UPDATE_OUTPUT"
#: Lines of a difference shown in a failure (the rest is counted).
DIFF_LINES = 30


def add_option(parser: pytest.Parser) -> None:
    """Register ``--update-output`` (``SNIPPETS_UPDATE_OUTPUT=1`` sets its default)."""
    parser.addoption(
        OPTION,
        action="store_true",
        default=os.environ.get(ENV) == "1",
        help=(
            "regrava os arquivos de referência (saídas, mensagens, tabelas) que as "
            f"páginas mostram; o mesmo que {ENV}=1"
        ),
    )


def updating(config: pytest.Config) -> bool:
    """Whether this run rewrites the golden files."""
    return bool(config.getoption(OPTION, default=os.environ.get(ENV) == "1"))


def _diff(stored: str, fresh: str, name: str) -> str:
    lines = list(
        difflib.unified_diff(
            stored.splitlines(),
            fresh.splitlines(),
            f"{name} (gravado)",
            f"{name} (agora)",
            lineterm="",
        )
    )
    shown = lines[:DIFF_LINES]
    if len(lines) > DIFF_LINES:
        shown.append(f"... (mais {len(lines) - DIFF_LINES} linhas)")
    return "\n".join(shown)


@dataclass(frozen=True)
class Golden:
    """The golden files of one test: check, update, read."""

    #: Whether ``--update-output`` (or ``SNIPPETS_UPDATE_OUTPUT=1``) is on.
    updating: bool
    #: The repository root: messages name files from it.
    root: Path
    #: What to run to rewrite this test's files (``snippets/selection``).
    target: str

    @classmethod
    def for_test(cls, request: pytest.FixtureRequest, root: Path) -> Golden:
        test = Path(request.node.path).resolve()
        try:
            target = test.parent.relative_to(root).as_posix()
        except ValueError:
            target = test.parent.as_posix()
        return cls(updating(request.config), root, target)

    @property
    def command(self) -> str:
        """The command that rewrites this test's golden files."""
        return f"python -m pytest {self.target} {OPTION}"

    def name(self, path: Path) -> str:
        """``path`` as the messages name it (from the repository root)."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def update(self, path: Path, text: str) -> bool:
        """Write ``text`` to ``path`` if it differs; whether it was rewritten.

        Fails, without writing, when the switch is off: only ``--update-output``
        (or ``SNIPPETS_UPDATE_OUTPUT=1``) rewrites what the pages show.
        """
        if not self.updating:
            pytest.fail(
                f"{self.name(path)}: um arquivo de referência só é regravado com "
                f"{OPTION} (ou {ENV}=1): {self.command}",
                pytrace=False,
            )
        path = Path(path)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return True

    def read(self, path: Path) -> str:
        """The stored text; a missing file fails naming the command that writes it."""
        path = Path(path)
        if not path.is_file():
            pytest.fail(
                f"{self.name(path)} não existe: crie-o com `{self.command}`",
                pytrace=False,
            )
        return path.read_text(encoding="utf-8")

    def check(
        self, path: Path, text: str, *, shown: str = "mostrado na página"
    ) -> None:
        """``text`` must be exactly the file's (an update rewrites the file first)."""
        if self.updating:
            self.update(path, text)
        stored = self.read(path)
        if stored != text:
            pytest.fail(
                f"{self.name(path)} ({shown}) difere do que o código produz agora:\n"
                + _diff(stored, text, Path(path).name)
                + f"\nSe a mudança é esperada: {self.command}",
                pytrace=False,
            )

    def check_numbers(
        self,
        path: Path,
        text: str,
        *,
        module: str,
        what: str,
        rel: float,
        abs_: float = 0.0,
    ) -> None:
        """A printed output: text exactly, numbers by value on the same machine class.

        ``module`` (``snippets/x/y.py``) keys the machine class that wrote the file
        (``snippets/output_environments.json``); an update that rewrites the file
        relabels it with this machine's class, and only then.
        """
        machine = machine_class()
        if self.updating and self.update(path, text):
            record_class(module, machine)
        stored = self.read(path)
        by_value = compares_by_value(module, machine)
        problems = compare_output(text, stored, rel=rel, abs_=abs_, by_value=by_value)
        where = "mesma classe de máquina" if by_value else "outra classe de máquina"
        if problems:
            pytest.fail(
                f"A saída de {what} mudou; a página mostra {self.name(path)}:\n  "
                + "\n  ".join(problems)
                + f"\n({where}: {describe(machine)}; números "
                + ("comparados por valor" if by_value else "comparados só pela posição")
                + f")\nSe a mudança é esperada: {self.command}",
                pytrace=False,
            )
