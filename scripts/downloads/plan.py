"""Which pages offer which downloads (the rule), and the files themselves.

The rule, applied to every page alike:

- A page **with examples** includes at least one snippet module
  (:func:`scripts.verification.site.find_includes`). Each such page offers one
  notebook, ``downloads/<page path>.ipynb``: its prose and shown code in order.
- The page **runs** a module when the module has a top-level ``main()`` and the page
  shows that module's printed output (it includes ``<folder>/output/<name>.txt``, or
  ``<name>_<case>.txt`` files for outputs that depend on the machine); a page that
  shows no printed output at all runs every module it includes that has a
  ``main()`` (a use case showing one section of a tutorial's example). For each
  module it runs, the page offers ``downloads/<module path under snippets/>`` (the
  module standalone: ``python <name>.py``), and the notebook ends running it
  (the rest of the module, then ``main()``).
- So a tutorial or use case offers its main example (the Expert page shows
  ``image_cnn``'s data section but runs only ``transfer_resnet``); a guide offers one
  ``.py`` per module whose output it shows; an error page, whose modules have no
  ``main()``, offers the notebook only (its cells define the reproductions and
  fixes). A module that cannot be made standalone is left out with its reason.

:func:`download_hashes` gives the sha256 of every download, for the records, built
without ``site_url`` (the records' bytes: ``site_url``, set by the workflow for the
published site, only makes the notebooks' links to other pages absolute; the hook's
badges compare records with these bytes too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.downloads import notebook as nb
from scripts.downloads import sources
from scripts.verification import claims, site
from scripts.verification.digest import sha256_hex

#: Where the downloads go in the built site.
DOWNLOADS = "downloads"


@dataclass
class PageDownloads:
    """What one page offers."""

    #: The page source, relative to ``docs/``.
    page: str
    title: str
    #: Site path of the notebook (``downloads/tutoriais/basico.ipynb``).
    notebook: str
    #: Modules the page runs (``snippets/examples/tensor_basics.py``), in page order.
    examples: list[str] = field(default_factory=list)
    #: Module -> site path of its standalone ``.py``.
    scripts: dict[str, str] = field(default_factory=dict)
    #: Module -> why it has no ``.py`` (pt-BR).
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def files(self) -> list[str]:
        """Site path of every file the page offers: the notebook, then the ``.py``."""
        return [self.notebook, *self.scripts.values()]


#: Why a module with a `main()` gets no `.py`: its run could not be checked.
NO_REFERENCE = "sem saída de referência para conferir a execução"


def included_paths(markdown: str) -> list[str]:
    """Every file a page includes (modules, outputs, tables), in order."""
    found: list[str] = []
    for _, _, spec in site.include_specs(markdown.splitlines()):
        path = site.split_spec(spec)[0]
        if path not in found:
            found.append(path)
    return found


def shown_outputs(markdown: str, module: str) -> list[str]:
    """The printed outputs of ``module`` that the page includes."""
    folder, _, name = module.rpartition("/")
    stem = name.removesuffix(".py")
    pattern = re.compile(
        rf"^{re.escape(folder)}/output/{re.escape(stem)}(?:_[^/]+)?\.txt$"
    )
    shown = [p for p in included_paths(markdown) if pattern.match(p)]
    # `{{ output("snippets/x.py") }}`: the recorded output, rendered from the records.
    for m in claims.PLACEHOLDER.finditer(markdown):
        if m.group("name") == "output" and claims.parse_args(m["args"]) == [module]:
            shown.append(module)
    return shown


def script_path(module: str) -> str:
    """``snippets/examples/x.py`` -> ``downloads/examples/x.py``."""
    return f"{DOWNLOADS}/{module.removeprefix(site.SNIPPETS + '/')}"


def notebook_path(page: str) -> str:
    """``tutoriais/basico.md`` -> ``downloads/tutoriais/basico.ipynb``."""
    return f"{DOWNLOADS}/{page.removesuffix('.md')}.ipynb"


def plan_page(root: Path, page: str, markdown: str) -> PageDownloads | None:
    """What ``page`` offers, by the rule above; ``None`` for a page without examples."""
    modules = [m for m in site.find_includes(markdown) if (root / m).is_file()]
    if not modules:
        return None
    plan = PageDownloads(
        page=page,
        title=site.page_title(markdown, page),
        notebook=notebook_path(page),
    )
    any_output = any(shown_outputs(markdown, m) for m in modules)
    for module in modules:
        text = (root / module).read_text(encoding="utf-8")
        if not sources.defines_main(text):
            continue
        if any_output and not shown_outputs(markdown, module):
            continue
        reference = (root / module).parent / "output" / f"{Path(module).stem}.txt"
        if not reference.is_file() and not list(
            reference.parent.glob(f"{Path(module).stem}_*.txt")
        ):
            # Nothing to check its run against: a download must print what the
            # page shows, and this module's main() prints nothing the site records.
            plan.skipped[module] = NO_REFERENCE
            continue
        try:
            sources.standalone_source(root, module)
        except sources.NotStandaloneError as exc:
            plan.skipped[module] = str(exc)
            continue
        plan.examples.append(module)
        plan.scripts[module] = script_path(module)
    return plan


def build_files(
    root: Path, plan: PageDownloads, markdown: str, site_url: str | None = None
) -> dict[str, bytes]:
    """Site path -> bytes of every file ``plan`` offers."""
    files = {
        path: sources.standalone_source(root, module).encode("utf-8")
        for module, path in plan.scripts.items()
    }
    notebook = nb.build_notebook(
        root, plan.page, markdown, plan.title, plan.examples, site_url=site_url
    )
    files[plan.notebook] = nb.notebook_bytes(notebook)
    return files


def site_pages(root: Path) -> dict[str, str]:
    """Page (relative to ``docs/``) -> its Markdown, for every page source."""
    docs = root / site.DOCS
    return {
        p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(docs.rglob("*.md"))
    }


def all_downloads(
    root: Path, site_url: str | None = None
) -> tuple[list[PageDownloads], dict[str, bytes]]:
    """Every page's plan and every download file, from the sources under ``root``."""
    plans: list[PageDownloads] = []
    files: dict[str, bytes] = {}
    for page, markdown in site_pages(root).items():
        plan = plan_page(root, page, markdown)
        if plan is None:
            continue
        plans.append(plan)
        files.update(build_files(root, plan, markdown, site_url))
    return plans, files


def download_hashes(root: Path, site_url: str | None = None) -> dict[str, str]:
    """Site path of each download -> sha256 of its bytes (as the build writes them).

    With ``site_url`` the notebooks link to the site; the records and the badges use
    the bytes built without it.
    """
    return {
        path: sha256_hex(data)
        for path, data in sorted(all_downloads(root, site_url)[1].items())
    }
