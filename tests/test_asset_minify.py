"""The site's CSS and search worker are published without comments, and still work.

Unit tests of `scripts/hooks/asset_minify.py` on the tricky parts (strings, template
literals, regular expressions, selectors where a space matters), and checks on the
built site: no comment left, the worker still parses (`node --check`, when Node is
installed) and is exactly its minified source.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.hooks.asset_minify import SCRIPTS, minify_css, minify_js
from tests.support import ROOT

WORKER = ROOT / "overrides" / SCRIPTS[0]
#: Where the minified worker carries its page table.
PAGE_TABLE = "const PAGES="


def test_js_comments_go_strings_regexes_and_templates_stay():
    source = (
        '"use strict"\n'
        "/* why it is so\n   on two lines */\n"
        "const a = 1   /* trailing */\n"
        "const s = \"/* not a comment */\" + '// nor this'\n"
        "const r = /\\/\\*[^/]*\\*\\//g.test(s) // line comment\n"
        "const t = `x ${a / 2} /* kept */ ${`${s}`}\n  y`\n"
        "const d = a / 2 / 1\n"
        "function f() {\n    return /[/*]/.test(t)\n}\n"
    )
    out = minify_js(source)
    for comment in ("why it is", "trailing", "line comment"):
        assert comment not in out
    assert "\"/* not a comment */\"+'// nor this'" in out
    assert "/\\/\\*[^/]*\\*\\//g.test(s)" in out
    assert "`x ${a / 2} /* kept */ ${`${s}`}\n  y`" in out
    assert "a/2/1" in out
    assert "return/[/*]/.test(t)" in out  # a regex after `return`, not a division
    # Statements on lines of their own stay apart (automatic semicolon insertion).
    assert out.splitlines()[:2] == ['"use strict"', "const a=1"]


def test_css_comments_and_spaces_go_strings_and_descendant_spaces_stay():
    source = (
        "/* why */\n.a :hover ,\n.b > .c {\n  color : red ;\n"
        '  content: " /* x */  { y } ";\n}\n'
        "@media (max-width: 10em) {\n  .d { margin: calc(1em - 2px) }\n}\n"
    )
    out = minify_css(source)
    assert "why" not in out
    assert ".a :hover" in out  # a descendant space changes the selector: kept
    assert '" /* x */  { y } "' in out
    assert "calc(1em - 2px)" in out  # spaces around `-` matter in calc()
    assert out.count("\n") == 1


def _worker_parts(text: str) -> tuple[str, object]:
    """The worker with its page table emptied, and the table (the Pagefind hook's)."""
    start = text.index(PAGE_TABLE) + len(PAGE_TABLE)
    table, end = json.JSONDecoder().raw_decode(text, start)
    return text[:start] + "{}" + text[end:], table


def test_built_assets_carry_no_comments(built_site: Path):
    css = [p for p in built_site.rglob("*.css") if not p.name.endswith(".min.css")]
    assert css, "no stylesheet of the site was published"
    for path in [*css, built_site / SCRIPTS[0]]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", "", text)
        assert "/*" not in text, f"{path.relative_to(built_site)} keeps a comment"


def test_built_worker_keeps_every_statement(built_site: Path):
    """The built worker is its source without comments (and with the page table)."""
    source = WORKER.read_text(encoding="utf-8")
    built, table = _worker_parts((built_site / SCRIPTS[0]).read_text(encoding="utf-8"))
    assert table, "the Pagefind hook wrote no page table"
    assert built == minify_js(source)
    assert len(built) < 0.6 * len(source)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js not installed")
def test_built_worker_parses(built_site: Path):
    proc = subprocess.run(
        ["node", "--check", str(built_site / SCRIPTS[0])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
