"""The API index: which shown sections use which ``torch``/``torchvision`` name.

Read from the page sources and the modules they include (the site's vocabulary,
:mod:`scripts.verification.site`): every include of a section inside a fence is one
*example*; the names it uses are those of :func:`scripts.apiref.names.module_uses`
on the lines of that section. Under each such fence the page gets a compact
"Usa: …" paragraph (its id is the anchor the index links to); the page
``referencia/api.md`` gets the index (:func:`render_index`), one entry per name with
its official documentation and "Exemplos que usam `name`".
"""

from __future__ import annotations

import importlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from scripts.apiref.docs import docs_url
from scripts.apiref.names import ApiNameError, module_uses, section_ranges
from scripts.verification import site

#: The index page, relative to ``docs/``.
INDEX_PAGE = "referencia/api.md"
#: Where the index goes on that page.
INDEX_MARKER = "<!-- api-index -->"


@dataclass
class Example:
    """One fence of a page that includes snippet sections, and the names they use."""

    page: str  # relative to docs/
    title: str  # the page's title
    close: int  # index of the fence's closing line in the page's Markdown
    indent: str
    parts: list[tuple[str, str | None]]  # (module, section or None for the whole file)
    anchor: str = ""
    names: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """``tensor_basics.py › operations``: what the index calls this example."""
        shown = [
            f"{posixpath.basename(m)} › {s}" if s else posixpath.basename(m)
            for m, s in self.parts
        ]
        return ", ".join(dict.fromkeys(shown))


class ModuleNames:
    """Cache of each module's uses and section ranges (a module is read once)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, tuple[list, dict]] = {}

    def read(self, module: str, source: str) -> tuple[list, dict]:
        """A module's uses and section ranges (slow: resolving a name imports it)."""
        return module_uses(source, module), section_ranges(
            source, site.section_markers(source)
        )

    def names(self, module: str, section: str | None) -> list[str]:
        """The names the section (or the whole module) uses, in order of first use."""
        if module not in self._cache:
            source = (self.root / module).read_text(encoding="utf-8")
            self._cache[module] = self.read(module, source)
        uses, ranges = self._cache[module]
        first, last = ranges.get(section, (0, 10**9)) if section else (0, 10**9)
        return list(dict.fromkeys(u.name for u in uses if first <= u.line <= last))


def page_examples(markdown: str, page: str, modules: ModuleNames) -> list[Example]:
    """The examples of one page: its include fences, with the names each uses."""
    lines = markdown.split("\n")
    states = site.fence_states(lines)
    title = site.page_title(markdown, page)
    by_close: dict[int, Example] = {}
    for index, _, spec in site.include_specs(lines):
        path, ranges, section = site.split_spec(spec)
        if not (
            path.startswith(f"{site.SNIPPETS}/")
            and site.is_snippet_module(Path(path))
            and (modules.root / path).is_file()
        ):
            continue
        if states[index] != "body":
            continue
        close = next(
            (i for i in range(index, len(lines)) if states[i] == "close"), None
        )
        opening = next(i for i in range(index, -1, -1) if states[i] == "open")
        if close is None:
            continue
        indent = site.fence_opening(lines[opening]).group("indent")
        example = by_close.setdefault(close, Example(page, title, close, indent, []))
        example.parts.append((path, section))
    examples = sorted(by_close.values(), key=lambda e: e.close)
    seen: set[str] = set()
    for example in examples:
        module, section = example.parts[0]
        base = "usa-" + posixpath.basename(module).removesuffix(".py").replace("_", "-")
        anchor = f"{base}-{section}" if section else base
        n = 2
        while anchor in seen:
            anchor = f"{base}-{section or 'modulo'}-{n}"
            n += 1
        seen.add(anchor)
        example.anchor = anchor
        names: list[str] = []
        for path, sect in example.parts:
            names += modules.names(path, sect)
        example.names = list(dict.fromkeys(names))
    return [e for e in examples if e.names]


def build_index(
    pages: dict[str, str], root: Path, modules: ModuleNames | None = None
) -> dict[str, list[Example]]:
    """Name -> the examples that use it, from every page source (sorted by name)."""
    modules = modules or ModuleNames(root)
    index: dict[str, list[Example]] = {}
    for page, markdown in sorted(pages.items()):
        for example in page_examples(markdown, page, modules):
            for name in example.names:
                index.setdefault(name, []).append(example)
    return dict(sorted(index.items(), key=lambda kv: kv[0].lower()))


def resolve(name: str) -> object:
    """The installed object called ``name``; :class:`ApiNameError` if there is none."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for attr in parts[end:]:
            if not hasattr(obj, attr):
                raise ApiNameError(f"{name}: não existe no torch/torchvision instalado")
            obj = getattr(obj, attr)
        return obj
    raise ApiNameError(f"{name}: não existe no torch/torchvision instalado")


def group_of(name: str) -> str:
    """The heading an entry goes under: its class for a method, else its package."""
    return name.rpartition(".")[0]


def anchor_link(from_page: str, to_page: str, anchor: str) -> str:
    """A Markdown link target from one page source to an anchor of another."""
    here = posixpath.dirname(from_page) or "."
    return f"{posixpath.relpath(to_page, here)}#{anchor}"


def render_uses(example: Example) -> str:
    """The "Usa: …" paragraph under an example (Markdown, indented like its fence)."""
    links = ", ".join(
        f"[`{name}`]({anchor_link(example.page, INDEX_PAGE, name)})"
        for name in example.names
    )
    i = example.indent
    return f"{i}Usa: {links}\n{i}{{: .api-uses #{example.anchor} }}"


def insert_uses(
    markdown: str, page: str, root: Path, modules: ModuleNames | None = None
) -> str:
    """The page with a "Usa: …" paragraph under each example that uses a name."""
    examples = page_examples(markdown, page, modules or ModuleNames(root))
    lines = markdown.split("\n")
    for example in sorted(examples, key=lambda e: -e.close):
        lines[example.close + 1 : example.close + 1] = ["", render_uses(example), ""]
    return "\n".join(lines)


def class_names(names: list[str]) -> set[str]:
    """The names that are classes (their methods are grouped under them)."""
    return {name for name in names if isinstance(resolve(name), type)}


def render_index(
    index: dict[str, list[Example]], classes: set[str] | None = None
) -> str:
    """The index's Markdown: a heading per package or class, an entry per name."""
    if classes is None:
        classes = class_names(list(index))
    groups: dict[str, list[str]] = {}
    for name in index:
        groups.setdefault(group_of(name), []).append(name)
    out = []
    for group in sorted(groups, key=str.lower):
        kind = " (métodos)" if group in classes or group == "torch.Tensor" else ""
        out.append(f"## `{group}`{kind}\n")
        for name in groups[group]:
            examples = index[name]
            links = "; ".join(
                f"[{e.title} › {e.label}]({anchor_link(INDEX_PAGE, e.page, e.anchor)})"
                for e in examples
            )
            out.append(
                f"- [`{name}`]({docs_url(name, classes)}){{ .api-doc "
                'title="Documentação oficial" }\n'
                f"    Exemplos que usam `{name}`: {links}\n"
                f"    {{: #{name} .api-entry }}"
            )
        out.append("")
    return "\n".join(out)
