"""MkDocs hook: verification badges under each page's H1 and the verification matrix.

- `on_config`: reads and validates every `verification/*.json`; a malformed file
  aborts the build with a message naming the file and the problem.
- `on_files`: maps each snippet module to the pages that include it (for the matrix).
- `on_page_markdown`: a page that includes `snippets/....py` gets, right after its
  first `# ` heading, one row per module with one badge per runner; the page that
  holds `<!-- verification-matrix -->` gets the whole matrix in its place (and
  `<!-- verification-legend -->`, a table of sample badges). With ``repo_url`` on
  GitHub, each row's details also link to a prefilled new issue about that example
  (:mod:`scripts.verification.report`); without it, no link.

Validation is :mod:`scripts.verification.schema`, what a page includes and where the
badges go is :mod:`scripts.verification.site` (the same vocabulary as the drift
guards), the rendering is :mod:`scripts.verification.render`.
"""

from __future__ import annotations

import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from scripts.hooks.context import BuildContext, build_context
from scripts.verification import render, report, site


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Module -> [(page title, page src path)] from the page sources."""
    pages: dict[str, list[tuple[str, str]]] = {}
    for file in files.documentation_pages():
        try:
            source = file.content_string
        except (OSError, UnicodeDecodeError):
            continue
        title = site.page_title(source, file.src_uri)
        for module in site.find_includes(source):
            pages.setdefault(module, []).append((title, file.src_uri))
    build_context(config).derived["pages_of_module"] = pages
    return files


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, files: Files
) -> str:
    context = build_context(config)
    root, records = context.root, context.records
    if render.MATRIX_MARKER in markdown:
        here = posixpath.dirname(page.file.src_uri)
        pages = {
            module: [
                (title, posixpath.relpath(src, here or ".")) for title, src in shown
            ]
            for module, shown in context.derived["pages_of_module"].items()
        }
        markdown = markdown.replace(
            render.MATRIX_MARKER, render.render_matrix(records, root, pages), 1
        )
    if render.LEGEND_MARKER in markdown:
        markdown = markdown.replace(render.LEGEND_MARKER, render.render_legend(), 1)
    modules = [m for m in site.find_includes(markdown) if (root / m).is_file()]
    if not modules:
        return markdown
    target = files.get_file_from_path(render.VERIFICATION_PAGE)
    matrix_url = get_relative_url(target.url, page.url) if target else None
    block = render.render_page_badges(
        modules, records, root, matrix_url, report_link(markdown, page, context)
    )
    return site.insert_after_h1(markdown, block)


def shown_sections(markdown: str) -> dict[str, list[str]]:
    """Module -> the sections of it the page includes, in page order."""
    found: dict[str, list[str]] = {}
    for _, _, spec in site.include_specs(markdown.splitlines()):
        path, _, section = site.split_spec(spec)
        names = found.setdefault(path, [])
        if section and section not in names:
            names.append(section)
    return found


def report_link(markdown: str, page: Page, context: BuildContext):
    """The badge rows' "Reportar um problema" address maker; ``None`` off GitHub."""
    repo_url = context.repo_url
    if report.issues_new_url(repo_url) is None:
        return None
    site_url = context.site_url
    where = (
        site_url.rstrip("/") + "/" + page.url
        if site_url
        else f"{site.DOCS}/{page.file.src_uri}"
    )
    sections = shown_sections(markdown)

    def make(module: str, statuses) -> str | None:
        records = context.records
        runs = [(runner, status, records.get(runner)) for runner, status in statuses]
        return report.report_url(
            repo_url, where, module, sections.get(module, []), runs
        )

    return make
