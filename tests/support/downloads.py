"""The downloads hook run on a repository copy, without a whole build.

:func:`hook_navs` loads the copy's ``mkdocs.yml`` (with extra configuration appended),
runs ``scripts/hooks/downloads.py`` over its pages as a build would, and returns the
``<nav class="downloads">`` of each page: the buttons, the Colab link, the badges of
the downloads' runs (read from the copy's ``verification/``).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from scripts.downloads import plan as downloads


def hook_navs(root: Path, extra_config: str = "") -> dict[str, str]:
    """Page (relative to ``docs/``) -> its downloads nav, as the hook writes it."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from scripts.hooks import downloads as hook

    config_file = root / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8") + extra_config, encoding="utf-8"
    )
    config = load_config(str(config_file))
    # File.generated names the plugin running the event, as MkDocs sets it in a build.
    config.plugins._current_plugin = "downloads"
    hook.on_files(get_files(config), config=config)
    navs = {}
    for page, markdown in downloads.site_pages(root).items():
        fake = SimpleNamespace(file=SimpleNamespace(src_uri=page))
        out = hook.on_page_markdown(markdown, page=fake, config=config)
        m = re.search(r"<nav .*?</nav>", out, re.S)
        if m:
            navs[page] = m.group(0)
    return navs
