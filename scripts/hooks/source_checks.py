"""MkDocs hook: stop the build early, with a clear message, on broken sources.

Without it, the same mistakes surface as a traceback from inside pymdownx
("Snippet section 'x' could not be located", no page named) or as a misleading
mkdocstrings error ("snippets.x could not be found" for a module that exists but
does not parse). Each check names the file, the line and what to do:

- `on_config`: every snippet module must parse (`SyntaxError` with file:line:col);
- `on_files`: every `--8<--` include of every page must name a file that exists and,
  when it names a section, a section whose `[start:name]` and `[end:name]` markers
  are both in that file.

What counts as an include and as a section marker is :mod:`scripts.verification.site`,
built on pymdownx's own expressions, so this hook agrees with the build and with the
drift guards. Registered first in `mkdocs.yml`, under `hooks:`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from scripts.hooks.context import build_context
from scripts.verification import site


def check_modules_parse(root: Path) -> None:
    """Raise `PluginError` naming file:line:col of the first module that won't parse."""
    for path in site.snippet_modules(root):
        rel = path.relative_to(root).as_posix()
        try:
            ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        except SyntaxError as exc:
            raise PluginError(
                f"{rel}:{exc.lineno}:{exc.offset}: SyntaxError: {exc.msg}. "
                f"Fix the module; `python -m py_compile {rel}` shows the same error."
            ) from exc


def include_problems(page: str, source: str, root: Path) -> list[str]:
    """What is wrong with the includes of one page source (empty when nothing is).

    Args:
        page: the page's path, as shown in messages (`docs/...md`).
        source: the page's Markdown, front matter included (line numbers match).
        root: the folder that include paths are relative to (the repository root).
    """
    problems = []
    for index, _, spec in site.include_specs(source.splitlines()):
        where = f"{page}:{index + 1}"
        path, _, section = site.split_spec(spec)
        target = root / path
        if not target.is_file():
            problems.append(
                f"{where}: includes '{path}', which does not exist. Fix the path "
                "in the page (relative to the repository root), or create the file."
            )
            continue
        if section is None:
            continue
        markers = site.section_markers(target.read_text(encoding="utf-8"))
        names = {name for _, _, name in markers}
        kinds = {kind for _, kind, name in markers if name == section}
        if kinds != {"start", "end"}:
            missing = " and ".join(
                f"`# --8<-- [{kind}:{section}]`"
                for kind in ("start", "end")
                if kind not in kinds
            )
            known = ", ".join(sorted(names)) or "none"
            problems.append(
                f"{where}: includes section '{section}' of {path}, which lacks "
                f"{missing}. Sections in that file: {known}. Fix the section name "
                "in the page, or mark the section in the module."
            )
    return problems


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    check_modules_parse(build_context(config).root)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    root = build_context(config).root
    problems = []
    for file in files.documentation_pages():
        page = f"{Path(config['docs_dir']).name}/{file.src_uri}"
        problems += include_problems(page, file.content_string, root)
    if problems:
        raise PluginError("Broken includes:\n  " + "\n  ".join(problems))
    return files
