"""MkDocs hook: every page with examples offers them as a ``.py`` and a notebook.

The rule (:mod:`scripts.downloads.plan`, applied to every page alike):

- a page **with examples** includes at least one snippet module; it offers a notebook,
  ``downloads/<page path>.ipynb``: the page's prose (pt-BR) as Markdown cells, its
  shown sections as code cells, in page order, after a cell with the pinned install
  lines (commented out);
- the page **runs** each included module that has a ``main()`` and whose printed
  output the page shows (``<folder>/output/<name>.txt`` or ``<name>_<case>.txt``); a
  page that shows no output runs every included module with a ``main()``. For each,
  it offers ``downloads/<module path under snippets/>`` (the module standalone:
  ``python <name>.py``, no ``snippets.`` imports), and the notebook ends with the rest
  of that module and a ``main()`` cell;
- so tutorials and use cases offer their main example; guides offer one ``.py`` per
  module whose output they show and one notebook; error pages (modules without
  ``main()``) offer the notebook only.

How:

- ``on_config``: the repository root, ``site_url``, ``repo_url``, and the records of
  the downloads' runs (``verification/downloads-<runner>.json``, written by
  ``python -m scripts.downloads.record``); a malformed one fails the build, naming
  the file and the problem;
- ``on_files``: builds every download from the page sources and adds them to the
  site as generated files (``mkdocs build`` writes them, ``mkdocs serve`` serves
  them, and the strict build checks the links to them);
- ``on_page_markdown``: the buttons, right under the page title, as Markdown links
  relative to the page (the site works from a subpath; the strict build checks
  them). "Abrir no Colab" appears only when ``repo_url`` is
  a GitHub repository: it opens ``downloads/<page>.ipynb`` from the branch the docs
  workflow publishes the notebooks to (``extra.downloads.colab_ref``, by default
  ``notebooks``); after the buttons, one badge per runner says whether this page's
  downloads ran there as they are built now
  (:func:`scripts.verification.download_runs.page_status`: the sha256 of every file
  must match its record, as the badges require of a module).

Registered in ``mkdocs.yml`` before ``verification_badges.py``, so the badges stay
right under the title and the buttons come after them.
"""

from __future__ import annotations

import posixpath
import re

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts.downloads.plan import PageDownloads, build_files, plan_page
from scripts.hooks import cache
from scripts.hooks.context import BuildContext, build_context
from scripts.verification import render, site, templates, texts
from scripts.verification.digest import sha256_hex
from scripts.verification.download_runs import page_status
from scripts.verification.runners import runner_order

#: Colab opens a notebook from a GitHub repository by this address.
COLAB = "https://colab.research.google.com/github/{owner}/{repo}/blob/{ref}/{path}"
_GITHUB = re.compile(
    r"^https?://github\.com/(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$"
)


def colab_url(repo_url: str | None, ref: str, path: str) -> str | None:
    """The Colab address of ``path`` in ``repo_url`` at ``ref``; ``None`` off GitHub."""
    m = _GITHUB.match(repo_url or "")
    if not m:
        return None
    return COLAB.format(
        owner=m.group("owner"), repo=m.group("repo"), ref=ref, path=path
    )


def _built(
    context: BuildContext, plan: PageDownloads, markdown: str, site_url: str | None
) -> dict[str, bytes]:
    """A page's download files, kept in the build cache under everything they read.

    A notebook reads the page, the snippet modules and their outputs, the error
    catalog, the pinned requirements, the recorded environments and the records
    (values, outputs, messages): the page's text, the whole of ``snippets/``,
    ``requirements/`` and ``verification/`` are its key, with the code that builds
    it.
    """
    key = cache.digest(
        plan.page,
        markdown,
        site_url or "",
        repr(plan),
        context.folder_digest("snippets"),
        context.folder_digest("requirements"),
        context.folder_digest("verification"),
        context.code_digest("scripts.downloads", "scripts.verification"),
    )
    root = context.root
    return cache.memo(
        root,
        "downloads",
        f"{plan.page}|{site_url or ''}",
        key,
        lambda: build_files(root, plan, markdown, site_url),
    )


def _planned(context: BuildContext, page: str, markdown: str) -> PageDownloads | None:
    """A page's download plan, kept under the page's text and ``snippets/`` (the
    modules it runs and their recorded outputs), with the code that plans."""
    key = cache.digest(
        markdown,
        context.folder_digest("snippets"),
        context.code_digest("scripts.downloads", "scripts.verification"),
    )
    root = context.root
    return cache.memo(
        root, "download-plans", page, key, lambda: plan_page(root, page, markdown)
    )


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Plan and build every page's downloads; add them to the site."""
    context = build_context(config)
    site_url = context.site_url
    plans: dict[str, PageDownloads] = {}
    generated: dict[str, bytes] = {}
    portable: dict[str, bytes] = {}
    for file in files.documentation_pages():
        try:
            markdown = file.content_string
        except (OSError, UnicodeDecodeError):
            continue
        plan = _planned(context, file.src_uri, markdown)
        if plan is None:
            continue
        plans[file.src_uri] = plan
        generated.update(_built(context, plan, markdown, site_url))
        if site_url:
            portable.update(_built(context, plan, markdown, None))
    for path, data in sorted(generated.items()):
        files.append(File.generated(config, path, content=data))
    context.derived["download_plans"] = plans
    # What the status badges compare with each record: the bytes published now, as
    # built without site_url (the records' bytes: site_url only turns the notebooks'
    # links to other pages into absolute ones, never a line of code), so a record made
    # locally or in CI holds for the site published under any address.
    context.derived["download_hashes"] = {
        path: sha256_hex(data) for path, data in (portable or generated).items()
    }
    return files


def render_buttons(plan: PageDownloads, context: BuildContext) -> str:
    """A page's downloads nav (``templates/downloads.md``): its buttons, Markdown
    links relative to the page source (MkDocs resolves them, so the site works from
    a subpath, and the strict build checks each points to a file of the site), and
    whether its downloads ran on each runner."""
    here = posixpath.dirname(plan.page) or "."

    def button(path: str, label: str, title: str, css: str) -> dict[str, str]:
        name = posixpath.basename(path)
        target = posixpath.relpath(path, here)
        return {
            "label": label,
            "target": target,
            "name": name,
            "title": title,
            "css": css,
        }

    buttons = [
        button(
            plan.notebook,
            texts.DOWNLOAD_NOTEBOOK,
            texts.DOWNLOAD_NOTEBOOK_TITLE,
            "notebook",
        )
    ]
    for module, path in plan.scripts.items():
        name = posixpath.basename(path)
        label = (
            texts.DOWNLOAD_SCRIPT_NAMED.format(name=name)
            if len(plan.scripts) > 1
            else texts.DOWNLOAD_SCRIPT
        )
        title = texts.DOWNLOAD_SCRIPT_TITLE.format(module=module, name=name)
        buttons.append(button(path, label, title, "py"))
    colab = colab_url(context.repo_url, context.colab_ref, plan.notebook)
    if colab:
        buttons.append(
            dict(
                label=texts.OPEN_IN_COLAB, target=colab, name="", title="", css="colab"
            )
        )
    badges = run_badges(
        plan, context.download_records, context.derived["download_hashes"]
    )
    return templates.render("downloads.md", buttons=buttons, badges=badges)


def run_badges(
    plan: PageDownloads, records: dict[str, dict], hashes: dict[str, str]
) -> Markup:
    """One badge per runner: did this page's downloads, as built now, run there?

    The known runners always; a runner without a record as such, never as passing.
    """
    files = {path: hashes.get(path, "") for path in plan.files}
    return Markup(" ").join(
        Markup(render.badge_html(page_status(runner, records.get(runner), files)))
        for runner in runner_order(records)
    )


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, **kwargs
) -> str:
    context = build_context(config)
    plan = context.derived["download_plans"].get(page.file.src_uri)
    if plan is None:
        return markdown
    return site.insert_after_h1(markdown, render_buttons(plan, context))
