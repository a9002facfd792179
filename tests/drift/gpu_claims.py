"""Guard 8: no typed claim that a test or an example ran on a GPU.

Whether something ran on a GPU is the GPU record's to say: the badges, the
Verificação page and ``{{ runner_coverage("gpu") }}`` render it. Prose may say what
the tests are *written* to check ("escritos para rodar em CPU e, com GPU, em CUDA"),
or what happens on a machine with a GPU, never that they ran there. A sentence of a
page (front matter included) or ``mkdocs.yml``'s ``site_description`` shaped like a
claim of a GPU run (:data:`CLAIM`: "testado em CPU e GPU", "roda em CPU e em CUDA")
without a condition or a rendered record (:data:`ALLOWED`) is reported as
``docs/page.md:LINE: sentence``.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import ROOT

_GPU = r"(?:a |uma |na |numa )?(?:GPUs?|CUDA|H100|H200)"
_CPU_AND = r"(?:(?:em |na )?CPU,? e (?:também )?(?:em |na )?)?"
#: The shapes of a claim that a run happened on a GPU: "testado em CPU e GPU",
#: "roda em CPU e em CUDA", "`test_x.py`, em CPU e em GPU:", "verificado na H200".
CLAIM = re.compile(
    rf"\b(?:testad|verificad|executad)\w* (?:em |na |no )?{_CPU_AND}{_GPU}\b"
    rf"|\b(?:roda|rodam|rodou|rodaram|passa|passam|passou|passaram) "
    rf"(?:em |na |no )?{_CPU_AND}{_GPU}\b"
    rf"|test_\w+\.py`?,? em CPU e (?:em )?{_GPU}\b",
    re.I,
)
#: What makes such a sentence fine: a condition, an intent, or the record rendered.
ALLOWED = re.compile(
    r"escrit[oa]s? para|quando (há|houver|a máquina)|se houver|com (uma )?GPU,|"
    r"numa máquina com GPU|máquina com GPU|runner_coverage|selos?\b|"
    r"SNIPPETS_REQUIRE_GPU|exig\w+ (uma )?GPU|sem GPU|verificacao\.md",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ú`*\[])")


def _paragraphs(lines: list[str]) -> list[tuple[list[tuple[int, int]], str]]:
    """Each prose paragraph (fences left out): where its lines start, and its text.

    The starts are ``(offset in the text, line number)``, to name a sentence's line.
    """
    out: list[tuple[list[tuple[int, int]], str]] = []
    starts: list[tuple[int, int]] = []
    text, fence = "", None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        opening = re.match(r"(`{3,}|~{3,})", stripped)
        if fence:
            if stripped.startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if not stripped:
            if text:
                out.append((starts, text))
            starts, text = [], ""
            continue
        text += " " if text else ""
        starts.append((len(text), number))
        text += stripped
    if text:
        out.append((starts, text))
    return out


def claims_in(text: str) -> list[tuple[int, str]]:
    """(line, sentence) of each typed GPU-run claim in a Markdown text."""
    found = []
    for starts, paragraph in _paragraphs(text.split("\n")):
        offset = 0
        for sentence in _SENTENCE_END.split(paragraph):
            offset = paragraph.index(sentence, offset)
            match = CLAIM.search(sentence)
            if match and not ALLOWED.search(sentence):
                at = offset + match.start()
                line = max(n for start, n in starts if start <= at)
                found.append((line, sentence))
            offset += len(sentence)
    return found


def check_gpu_claims(root: Path = ROOT) -> list[str]:
    """``path:LINE: sentence`` for every typed claim of a GPU run."""
    problems = []
    sources = sorted((root / "docs").rglob("*.md")) + [root / "mkdocs.yml"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if path.name == "mkdocs.yml":
            match = re.search(r"^site_description:.*(?:\n[ \t]+.*)*", text, re.M)
            text = match.group() if match else ""
        for line, sentence in claims_in(text):
            where = path.relative_to(root).as_posix()
            problems.append(f"{where}:{line}: {sentence}")
    return problems
