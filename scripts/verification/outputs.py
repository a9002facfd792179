"""How a fresh output is compared with the recorded one: text exactly, numbers by value.

Used by the `printed_output` fixture of `snippets/conftest.py` (the snippets' own
tests) and by the site's tests. Standard library only. Messages are pt-BR: they are
what a reader running `pytest snippets` sees.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

#: The environment that wrote the `output/*.txt` files (torch version and CPU
#: capability), written next to them by `SNIPPETS_UPDATE_OUTPUT=1`.
OUTPUT_ENVIRONMENT = (
    Path(__file__).resolve().parents[2] / "snippets" / ("output_environment.json")
)


def current_environment() -> dict[str, str]:
    """This run's environment, in the terms of `OUTPUT_ENVIRONMENT`."""
    import torch  # the snippets' tests have it; the rest of this module does not

    accelerator = torch.cuda.is_available() or (
        hasattr(torch.backends, "mps") and torch.backends.mps.is_available()
    )
    return {
        "torch": torch.__version__,
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "device": "accelerator" if accelerator else "cpu",
    }


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
        by_value: `False` outside the reference environment: numbers need only be in
            the same places (the text stays exact).

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
