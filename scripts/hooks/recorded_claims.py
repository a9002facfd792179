"""MkDocs hook: outputs, result numbers and torch versions rendered from the records.

Replaces the placeholders of :mod:`scripts.verification.claims` in every page
(`{{ output(...) }}`, `{{ value(...) }}`, `{{ runner_coverage(...) }}`,
`{{ torch_min }}`, `{{ torch_max }}`, `{{ torch_versions_table }}`) with what
`verification/*.json` say, and stops the build when a placeholder has nothing to
back it or when a page types a number that an output it shows recorded (it must
be a `{{ value(...) }}`). Registered in `mkdocs.yml`, under `hooks:`, before the
badges.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from scripts.hooks.context import build_context
from scripts.verification import claims


def render_page(markdown: str, page: str, records: dict, root: Path) -> str:
    """The page with every placeholder replaced; `ClaimError` names page:line."""
    out: list[str] = []
    guarded: set[str] = set()
    versions: list[str] | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        where = f"{page}:{number}"
        whole = re.fullmatch(r"(?P<indent>[ \t]*)" + claims.PLACEHOLDER.pattern, line)
        try:
            if whole and whole.group("name") == "output":
                (module,) = claims.parse_args(whole.group("args"))
                out += claims.render_output(module, records, root, whole["indent"])
                reference = records.get(claims.REFERENCE_RUNNER) or {}
                text = reference.get("modules", {}).get(module, {})
                guarded |= claims.output_numbers(text.get("output", {}).get("text", ""))
                continue
            if whole and whole.group("name") == "torch_versions_table":
                out += [whole["indent"] + row for row in
                        claims.render_versions_table(records, root)]  # fmt: skip
                continue

            def inline(m: re.Match[str]) -> str:
                nonlocal versions
                name, args = m.group("name"), claims.parse_args(m.group("args"))
                if name == "value":
                    module, label, *rest = args
                    return claims.render_value(
                        module, label, rest[0] if rest else 1, records, root
                    )
                if name == "runner_coverage":
                    (runner,) = args
                    return claims.render_coverage(runner, records, root)
                if name in ("torch_min", "torch_max"):
                    if versions is None:
                        versions = claims.verified_versions(records, root)
                    if not versions:  # shown as missing, never as a version
                        return "nenhuma versão verificada"
                    return versions[0] if name == "torch_min" else versions[-1]
                return m.group()  # another hook's placeholder (error messages)

            out.append(claims.PLACEHOLDER.sub(inline, line))
        except (claims.ClaimError, ValueError) as exc:
            raise claims.ClaimError(f"{where}: {exc}") from exc
    rendered = "\n".join(out)
    typed = claims.typed_numbers(markdown, guarded)
    if typed:
        listing = ", ".join(f"{page}:{n} ({token})" for n, token in typed)
        raise claims.ClaimError(
            f"numbers typed by hand that an output on the page recorded: {listing}. "
            'Write {{ value("snippets/...py", "label") }} instead.'
        )
    return rendered


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, **kwargs
) -> str:
    if "{{" not in markdown:
        return markdown
    context = build_context(config)
    try:
        return render_page(
            markdown, f"docs/{page.file.src_uri}", context.records, context.root
        )
    except claims.ClaimError as exc:
        raise PluginError(f"recorded_claims: {exc}") from exc
