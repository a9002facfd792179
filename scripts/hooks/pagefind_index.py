"""MkDocs hook: index the built site with Pagefind, through its command line.

Why Pagefind: Material's built-in lunr search cannot fold accents (`funcao` misses
`função`), cannot stem Portuguese (`treinar` misses `treinamento`) and cannot match
phrases with stop words ("out of memory"). Pagefind does all three, runs offline (the
binary ships in the `pagefind[bin]` wheel) and picks the stemmer from the pages'
`<html lang="pt">`.

Why the command line and not the `pagefind` Python API: in service mode, Pagefind
1.5.2 answers `WriteFiles` as soon as tokio has *buffered* the writes, and the Python
wrapper's `close()` then terminates the process. Under CPU load the kill lands while
the blocking-pool writes are still in flight, so files are left truncated (an empty
`pagefind-entry.json` surfaced as "Expecting value: line 1 column 1 (char 0)"; a
truncated fragment would silently break search). Fixed upstream after 1.5.2
(Pagefind PR #1272, "flush output files before they drop"). The command line ends
its tokio runtime normally, which waits for every pending write, so the index is
complete when the process exits: no IPC, no kill, nothing to retry.

`on_post_build` runs Pagefind over the freshly built `site_dir` and writes the index
to `<site_dir>/pagefind/`, so `mkdocs build` and `mkdocs serve` both produce it. Only
content marked `data-pagefind-body` (each page's `<article>`, see
`overrides/main.html`) is indexed. The search UI stays Material's: the worker
`overrides/assets/javascripts/pagefind-material-worker.js` answers its queries.

Page weight: Material's bundle downloads `search/search_index.json` on every page
load (the lunr index, about 600 KB here), although the worker never reads its
documents; only its `config` (the word separator) is used, to highlight the searched
terms on the target page (`?h=`). `shrink_material_index` rewrites the file to that
config alone. Pagefind's word index is written in small chunks
(`INDEX_CHUNK_SIZE`), so a query downloads only the few kilobytes that hold its
words instead of about 40 KB per chunk.

Page table: a result's URL and title live in its fragment, which also holds the
whole text of the page (for the excerpt): 2 to 12 KB each, compressed. The worker
loads fragments only for the first results (excerpts and sections); the others are
listed with the title from a page table (fragment id -> URL and title, about 2.7 KB
for the whole site) that `embed_page_table` writes into the built worker, in place
of its empty `const PAGES = {}`. Built from the fragments themselves, it always
matches the index of the same build; inside the worker, it costs the first query
no request (the worker loads with the page, cached after the first visit).

Build cache: Pagefind reads only the site's HTML, so the same HTML files, options
and Pagefind version give the same index. `indexed_site` keeps the index it wrote in
the build cache (`scripts/hooks/cache.py`) and writes it back when a build changed
no page, instead of running Pagefind again (0.3 s of a 3 s build).

Called from `scripts/hooks/main.py` after the build.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from scripts.hooks import cache
from scripts.hooks.context import build_context

log = logging.getLogger("mkdocs.hooks.pagefind_index")

#: Folder of the index inside the site; the search worker looks in `../../pagefind/`.
OUTPUT_SUBDIR = "pagefind"

#: Left out of the index even inside the content: the "¶" of heading permalinks
#: (it would show in every section title of the results).
EXCLUDE_SELECTORS = ".headerlink"

#: Ready-made UIs that Pagefind writes next to the index and this site does not use
#: (the UI is Material's): about 420 KB less in the published site.
UNUSED_UI = [
    "pagefind-ui.js", "pagefind-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-highlight.js",
]  # fmt: skip

#: Seconds before an indexing run is declared hung (it takes about 2 s here).
TIMEOUT_S = 300

#: Word locations per index chunk (Pagefind's default is 20000, about 37 KB a chunk
#: here). A query loads the chunk that holds each of its words: at 1000 a chunk is
#: about 2.4 KB and the chunk list in the metadata 1.8 KB (2000: 4.3 KB and 1.2 KB;
#: 500: 1.4 KB, but a 2.9 KB list). Read by Pagefind 1.5 from
#: `PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`; should a later release drop it, the index
#: stays correct and only the first query gets heavier, which
#: `tests/test_page_weight.py` reports.
INDEX_CHUNK_SIZE = 1000

#: The search worker in the built site, and its empty page table that
#: `embed_page_table` fills (fragment id -> [URL without the leading "/", title]).
WORKER = Path("assets") / "javascripts" / "pagefind-material-worker.js"
PAGE_TABLE_SLOT = "const PAGES = {}"

#: What Pagefind writes before the JSON of a fragment, once decompressed.
FRAGMENT_SIGNATURE = b"pagefind_dcd"

#: Material's lunr index, downloaded by its bundle on every page load.
MATERIAL_INDEX = Path("search") / "search_index.json"


def pagefind_command(site_dir: Path) -> list[str]:
    """The command that indexes `site_dir` (also printed when indexing fails)."""
    from pagefind.service import get_executable  # needed only when building

    executable = get_executable()
    if executable is None:
        raise PluginError(
            "Pagefind binary not found: install the pinned docs toolchain "
            "(`make build` does, from requirements/docs.txt: pagefind[bin])."
        )
    return [
        str(executable),
        "--site", str(site_dir),
        "--output-subdir", OUTPUT_SUBDIR,
        "--exclude-selectors", EXCLUDE_SELECTORS,
        "--quiet",
    ]  # fmt: skip


def read_entry(output: Path) -> dict[str, int]:
    """Pages per language from `pagefind-entry.json`, checking the index is whole.

    Raises:
        PluginError: when the entry file is missing or malformed, or a language's
            metadata file it names is missing or empty.
    """
    entry_path = output / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError) as exc:
        raise PluginError(f"Pagefind index incomplete: {entry_path}: {exc}") from exc
    for lang, info in languages.items():
        meta = output / f"pagefind.{info['hash']}.pf_meta"
        if not meta.is_file() or meta.stat().st_size == 0:
            raise PluginError(f"Pagefind index incomplete: {meta} ({lang}) missing")
    return {lang: info["page_count"] for lang, info in languages.items()}


def index_site(site_dir: Path) -> dict[str, int]:
    """Index `site_dir` and return pages per language.

    Raises:
        PluginError: naming the command to re-run by hand when Pagefind fails.
    """
    command = pagefind_command(site_dir)
    try:
        proc = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
            env={
                **os.environ,
                "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE),
            },
        )
    except subprocess.TimeoutExpired as exc:
        raise PluginError(
            f"Pagefind did not finish in {TIMEOUT_S} s. Re-run by hand: "
            f"{shlex.join(command)}"
        ) from exc
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip()
        raise PluginError(
            f"Pagefind failed (exit {proc.returncode}) indexing {site_dir}:\n"
            f"{output}\nRe-run by hand: {shlex.join(command)}"
        )
    output = site_dir / OUTPUT_SUBDIR
    for name in UNUSED_UI:
        (output / name).unlink(missing_ok=True)
    return read_entry(output)


def indexed_site(site_dir: Path, root: Path) -> dict[str, int]:
    """`index_site`, or the index it wrote for the same HTML, from the build cache."""
    output = site_dir / OUTPUT_SUBDIR
    pages = [p for p in site_dir.rglob("*.html") if output not in p.parents]
    key = cache.digest(
        cache.files_digest(pages, site_dir),
        shlex.join(pagefind_command(Path("."))),
        cache.versions("pagefind_bin"),
        str(INDEX_CHUNK_SIZE),
        repr(sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND"))),
        cache.code_digest(__name__),
    )
    ran = []

    def run() -> dict[str, bytes]:
        ran.append(True)
        index_site(site_dir)
        return {
            p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*"))
            if p.is_file()
        }

    files = cache.memo(root, "pagefind", "index", key, run)
    if not ran:
        shutil.rmtree(output, ignore_errors=True)
        for name, data in files.items():
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_bytes(data)
    return read_entry(output)


def page_table(output: Path) -> dict[str, list[str]]:
    """Fragment id -> [URL without the leading "/", title], from `output/fragment/`.

    Raises:
        PluginError: when a fragment cannot be read (a truncated index).
    """
    pages = {}
    for fragment in sorted((output / "fragment").glob("*.pf_fragment")):
        try:
            raw = gzip.decompress(fragment.read_bytes())
            if not raw.startswith(FRAGMENT_SIGNATURE):
                raise ValueError("no Pagefind signature")
            data = json.loads(raw[len(FRAGMENT_SIGNATURE) :])
            url = data["url"]
        except (OSError, ValueError, KeyError) as exc:
            message = f"Pagefind fragment unreadable: {fragment}: {exc}"
            raise PluginError(message) from exc
        pages[fragment.stem] = [url.lstrip("/"), data["meta"].get("title") or url]
    return pages


def embed_page_table(worker: Path, table: dict[str, list[str]]) -> None:
    """Write `table` into the built worker, in place of `PAGE_TABLE_SLOT`.

    Raises:
        PluginError: when the worker is missing or does not hold the slot exactly
            once (the search would load every fragment, or break).
    """
    try:
        source = worker.read_text(encoding="utf-8")
    except OSError as exc:
        raise PluginError(f"Search worker missing from the site: {worker}") from exc
    if source.count(PAGE_TABLE_SLOT) != 1:
        raise PluginError(
            f"{worker}: expected `{PAGE_TABLE_SLOT}` exactly once, for the page table"
        )
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    worker.write_text(
        source.replace(PAGE_TABLE_SLOT, f"const PAGES = {data}"), encoding="utf-8"
    )


def shrink_material_index(site_dir: Path) -> int:
    """Keep only the `config` of Material's lunr index; return the bytes saved.

    The bundle still fetches the file (its URL is fixed) and hands it to the search
    worker, which ignores the documents; the highlighter of the target page reads
    `config.separator`. With no documents the download is a few hundred bytes.

    Raises:
        PluginError: when the file is missing or has no `config` (the `search`
            plugin is off or changed its format: the search dialog would break).
    """
    path = site_dir / MATERIAL_INDEX
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
        config = index["config"]
    except (OSError, ValueError, KeyError) as exc:
        raise PluginError(
            f"Material's search index {path} is missing or has no `config` "
            f"({exc}): is the `search` plugin still on in mkdocs.yml?"
        ) from exc
    before = path.stat().st_size
    path.write_text(
        json.dumps({"config": config, "docs": []}, ensure_ascii=False),
        encoding="utf-8",
    )
    return before - path.stat().st_size


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    """Let Material's `search` plugin skip filling the lunr index no one searches.

    `shrink_material_index` keeps only that index's `config`, so parsing every built
    page into documents first (the plugin's `on_page_context`) is wasted: about a
    tenth of the build. Hooks run after the plugins, so the plugin's index exists
    here; without it (another Material), nothing changes but the time.
    """
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if index is not None and hasattr(index, "add_entry_from_context"):
        index.add_entry_from_context = lambda page: None
    return config


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    """Write `<site_dir>/pagefind/` from the built HTML.

    Raises:
        PluginError: when Pagefind fails or indexes no page (broken search must
            not pass a `--strict` build unnoticed).
    """
    site_dir = Path(config["site_dir"]).resolve()
    start = time.perf_counter()
    languages = indexed_site(site_dir, build_context(config).root)
    pages = sum(languages.values())
    if pages == 0:
        raise PluginError(
            "Pagefind indexed no page: is `data-pagefind-body` missing from the theme "
            "(overrides/main.html)?"
        )
    table = page_table(site_dir / OUTPUT_SUBDIR)
    if len(table) != pages:
        raise PluginError(
            f"Pagefind indexed {pages} pages but wrote {len(table)} fragments: "
            "the index is incomplete"
        )
    embed_page_table(site_dir / WORKER, table)
    saved = shrink_material_index(site_dir)
    log.info(
        "Pagefind indexed %d pages (%s) in %.1f s; lunr index trimmed by %d KB",
        pages,
        ", ".join(sorted(languages)),
        time.perf_counter() - start,
        saved // 1024,
    )
