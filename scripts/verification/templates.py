"""The Jinja2 environment for the verification's markup (``templates/``).

Every badge, badge row, legend, benchmark block and chart is a template there,
rendered with autoescaping: a value is escaped once, by Jinja, never by hand. The
words are :mod:`.texts`'. :func:`markdown_text` is the one escape for text set into
Markdown; :func:`html_escape` keeps the charts' entities.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from scripts.verification import texts

TEMPLATES = Path(__file__).with_name("templates")
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]#|])")


def markdown_text(text: object) -> Markup:
    """Text safe inside Markdown: HTML-escaped, emphasis and link syntax escaped."""
    return Markup(_MARKDOWN_SYNTAX.sub(r"\\\1", str(escape(text))))


def html_escape(text: object) -> Markup:
    """``html.escape``'s bytes (``&quot;``, ``&#x27;``), where autoescaping writes
    ``&#34;``, ``&#39;``: the charts' texts keep the entities they always had."""
    return Markup(html.escape(str(text), quote=True))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = markdown_text
    env.filters["html_escape"] = html_escape
    env.globals["texts"] = texts
    return env


def render(template: str, /, **context: object) -> Markup:
    """``templates/<template>`` rendered, without its final newline."""
    return Markup(environment().get_template(template).render(**context))
