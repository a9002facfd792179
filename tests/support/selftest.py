"""What the drift guards' self-tests share: finding a shown section, editing pages.

Each self-test copies the repository (the ``repo`` fixture), injects one kind of
drift and asserts that its guard reports it, naming the culprit.
:func:`make_built_copy` prepares the one built copy that guards 4 and 5 share.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.verification.site import ERROR_PREFIX, FIX_PREFIX, FRAGMENT_PREFIX
from tests.drift import html_blocks, includes, pages
from tests.support.build import build_site
from tests.support.repo_copy import copy_repo

#: A page added to the built copy, with Python in an indented code block.
PROBE_PAGE = "docs/drift-probe.md"
#: A module added to the built copy: an ``error-`` section that no longer raises.
ERROR_PROBE = "snippets/examples/error_drift.py"
ERROR_PROBE_PAGE = "docs/drift-error-probe.md"
ERROR_PROBE_SOURCE = '''"""Sonda: uma seção de erro que parou de levantar."""

# --8<-- [start:error-drift]
def drift_error():
    return 1


# --8<-- [end:error-drift]

# --8<-- [start:fix-drift]
def drift_fixed():
    return 2


# --8<-- [end:fix-drift]
'''


def joined(problems: list[str]) -> str:
    return "\n".join(problems)


def append_to_page(root: Path, page: str, text: str) -> int:
    """Append ``text`` to a page; return the 1-based line where it starts."""
    path = root / page
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + "\n" + text, encoding="utf-8")
    return old.count("\n") + 2


def only(root: Path, page: str) -> list[pages.Page]:
    """Just one parsed page: the HTML checks then read one built file."""
    return [pages.parse_page(root, root / page)]


def shown_python_includes(root: Path) -> list[pages.Include]:
    """Includes of a single standalone section in a Python fence, first pages first."""
    found = []
    for page in pages.parse_pages(root):
        for fence in page.fences:
            if fence.lang not in pages.PYTHON_SOURCE_LANGS or len(fence.includes) != 1:
                continue
            inc = fence.includes[0]
            if (
                inc.path.endswith(".py")
                and inc.section
                and not inc.section.startswith((FRAGMENT_PREFIX, ERROR_PREFIX))
                and not fence.other_lines()
            ):
                found.append(inc)
    # The model example first: the brief's reference section.
    found.sort(key=lambda i: "tensor_basics" not in i.path)
    return found


def find_import_torch_target(root: Path) -> tuple[pages.Include, int]:
    """A shown section with a top-level ``import torch`` line: (include, line index)."""
    for inc in shown_python_includes(root):
        sec = includes.sections(root / inc.path, root).get(inc.section)
        if sec is None:
            continue
        lines = (root / inc.path).read_text(encoding="utf-8").split("\n")
        for k in range(sec.start, sec.end - 1):
            if lines[k] == "import torch":
                return inc, k
    pytest.skip("no shown section with a top-level 'import torch' yet")


@dataclass
class BuiltCopy:
    """A built copy of the repository and the include whose section was broken."""

    root: Path
    site: Path
    inc: pages.Include


def make_built_copy(base: Path) -> BuiltCopy:
    """Copy the repository into ``base``, break one shown section, build it.

    The section loses its ``import torch`` (guard 4 must see the ``NameError``), a
    probe page holds Python in an indented code block, which no fence parser sees
    (only the HTML mapping of guard 5 can catch it), and another shows an
    ``error-`` section that runs cleanly, beside its ``fix-`` section.
    """
    root = copy_repo(base / "repo")
    inc, k = find_import_torch_target(root)
    module = root / inc.path
    lines = module.read_text(encoding="utf-8").split("\n")
    del lines[k]
    module.write_text("\n".join(lines), encoding="utf-8")
    (root / PROBE_PAGE).write_text(
        "# Sonda\n\nTexto.\n\n    import os\n    print(os.getcwd())\n", encoding="utf-8"
    )
    (root / ERROR_PROBE).write_text(ERROR_PROBE_SOURCE, encoding="utf-8")
    (root / ERROR_PROBE_PAGE).write_text(
        "# Sonda de erros\n\n"
        + "".join(
            f'```python\n--8<-- "{ERROR_PROBE}:{name}"\n```\n\n'
            for name in (f"{ERROR_PREFIX}drift", f"{FIX_PREFIX}drift")
        ),
        encoding="utf-8",
    )
    site = base / "site"
    proc = build_site(site, root, strict=False)
    assert html_blocks.html_file(site, inc.page).is_file(), proc.stdout + proc.stderr
    return BuiltCopy(root, site, inc)
