"""How a fresh output is compared with the recorded one: text exactly, numbers by value.

Used by the `printed_output` fixture of `snippets/conftest.py` (the snippets' own
tests) and by the site's tests. Standard library only. Messages are pt-BR: they are
what a reader running `pytest snippets` sees.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: one writer at a time is the reader's own affair
    fcntl = None

#: The machine class that wrote each ``output/*.txt`` file, per module
#: (``snippets/x/y.py`` -> :func:`scripts.verification.machine.machine_class`),
#: written beside the file by ``SNIPPETS_UPDATE_OUTPUT=1``.
OUTPUT_ENVIRONMENTS = (
    Path(__file__).resolve().parents[2] / "snippets" / "output_environments.json"
)


def recorded_classes(path: Path = OUTPUT_ENVIRONMENTS) -> dict[str, dict[str, str]]:
    """Module -> the machine class its output file was written on."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def record_class(
    module: str, machine: dict[str, str], path: Path = OUTPUT_ENVIRONMENTS
) -> None:
    """Store ``machine`` as the class of ``module``'s output file (sorted, stable).

    Locked, because pytest-xdist workers rewrite outputs of different modules at once.
    """
    with open(path, "a+", encoding="utf-8") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        text = handle.read()
        classes = json.loads(text) if text.strip() else {}
        classes[module] = machine
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(dict(sorted(classes.items())), indent=2, ensure_ascii=False)
            + "\n"
        )


def compares_by_value(
    module: str, machine: dict[str, str], path: Path = OUTPUT_ENVIRONMENTS
) -> bool:
    """Whether ``module``'s numbers compare by value here: the same machine class."""
    return recorded_classes(path).get(module) == machine


#: A number as `main()` prints it: integer, decimal or scientific notation.
NUMBER_RE = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def split_numbers(line: str) -> tuple[list[str], list[str]]:
    """A line's text between the numbers, and the numbers, in order."""
    return NUMBER_RE.split(line), NUMBER_RE.findall(line)


def compare_output(
    got: str, expected: str, *, rel: float, abs_: float, by_value: bool
) -> list[str]:
    """Differences between two outputs: text exact; numbers by value, with tolerance.

    Args:
        got: what `main()` printed now.
        expected: the file `output/<module>.txt`.
        rel: relative tolerance for each number.
        abs_: absolute tolerance for each number.
        by_value: `False` outside the machine class that recorded `expected`
            (:func:`compares_by_value`): numbers need only be in the same places
            (the text stays exact).

    Returns:
        One readable line per difference (empty when the outputs agree).
    """
    problems: list[str] = []
    got_lines, expected_lines = got.splitlines(), expected.splitlines()
    if len(got_lines) != len(expected_lines):
        problems.append(
            f"número de linhas: {len(got_lines)} agora, {len(expected_lines)} "
            "registradas"
        )
    pairs = zip(got_lines, expected_lines, strict=False)  # the length is reported
    for index, (new, old) in enumerate(pairs, start=1):
        new_text, new_numbers = split_numbers(new)
        old_text, old_numbers = split_numbers(old)
        if new_text != old_text or len(new_numbers) != len(old_numbers):
            problems.append(f"linha {index}: {old!r} -> {new!r}")
            continue
        if not by_value:
            continue
        for a, b in zip(new_numbers, old_numbers, strict=True):
            if not math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_):
                problems.append(
                    f"linha {index}: {b} -> {a} (tolerância rel={rel:g}, "
                    f"abs={abs_:g}) em {old!r}"
                )
    return problems
