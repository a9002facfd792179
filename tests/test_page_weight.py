"""Search quality on unseen queries, page weight and query latency (real browser).

Issue 17. Three measurements through the site's own search box in headless Chromium,
sharing one built site and one browser:

- **Held-out recall@3** (`tests/search/heldout_queries.yml`): queries written from the
  profile and the page titles only. A query hits when one of its `expect` pages is
  among the first three results. The `tune` split may be used to improve the site;
  the `untouched` split must not be, and is only measured.
- **Blind recall@3** (`tests/search/blind_queries.yml`): more queries written the same
  way by two more writers, after the held-out set was tuned on; each round measured
  before any change it led to, then used for tuning like the `tune` split.
- **Page weight**: the bytes a first visit downloads beyond the page's own HTML (all
  requests, as served: no compression here), read from the browser's request list;
  Material's lunr index must not carry documents (the Pagefind worker never reads
  them).
- **First query**: bytes fetched by the first query typed on a fresh page, and the
  time from the last keystroke to the first rendered results (the pages by title;
  excerpts follow when typing pauses), median over the query set of
  `tests/search/queries.yml`, measured in the page with `performance.now()`.

The sweeps over a query set (held-out recall, latency) are `slow`: `make test-slow`,
which CI runs; `make test` weighs the first visit and the first query.
"""

from __future__ import annotations

import json
import statistics

import pytest
import yaml

from tests.support import ROOT
from tests.support.browser import SEARCH_MESSAGES, SUBPATH, SearchBox

pytestmark = pytest.mark.browser

HELDOUT = ROOT / "tests" / "search" / "heldout_queries.yml"
BLIND = ROOT / "tests" / "search" / "blind_queries.yml"
QUERIES = ROOT / "tests" / "search" / "queries.yml"

#: Recall@3 reached on each held-out split; a drop below fails. `tune`: 67/67 (60/67
#: before issue 17's search keywords, phrase, title and typo handling). `untouched`:
#: nobody tunes on it and its misses are never printed; measured once per round of
#: changes: 58/66 before issue 17, 62/66 (93.9%) after the first round, 64/66
#: (97.0%) after the blind rounds of `blind_queries.yml`. Issue 17 asks for 95%.
HELDOUT_TARGETS = {"tune": 0.98, "untouched": 0.95}

#: Recall@3 on the blind set; a drop below fails. Measured once per writer before
#: the changes their queries led to: round 2, 97 of 105 (92.4%); round 3, 54 of 66
#: (81.8%). After those changes (worker: typo and fallback handling, identifier
#: parts, parentheses and short words with digits; pages: the training loop step by
#: step, model summary, NumPy, seeds, GPU not detected, two module errors...): 168 of
#: 171 (98.2%).
BLIND_TARGET = 0.97

#: Bytes a first visit may download beyond the page's HTML: issue 17's target.
#: Measured 295 507 on every weighed page (305 608 before): Material's CSS and JS
#: bundles (264 KB), the site's CSS and the search worker published without
#: comments (`scripts/hooks/asset_minify.py`), the worker carrying the page table
#: (2.8 KB) that spares the first query a request.
FIRST_VISIT_BUDGET = 300_000
#: Bytes the first query may download: issue 17's target. Measured 142 530 (225 379
#: before issue 17): Pagefind's wasm and JS (117 KB), its entry and metadata
#: (1.9 KB), four index chunks of about 2.2 KB, and the fragments of the first three
#: results only (the other seven are listed by title). The same at 30, 120, 200 and
#: 250 ms per key and on a loaded machine: fragments wait for a 300 ms pause in
#: typing. With a 60 ms pause, a loaded machine (two busy loops beside the test,
#: load average about 4 on 2 cores) let prefixes load their own fragments: 153 151
#: bytes, over the budget.
FIRST_QUERY_BUDGET = 150_000
#: Median milliseconds from the last keystroke to the first results. Measured 11
#: (max 34) over 131 queries: the worker lists the pages by title at once and adds
#: excerpts when typing pauses (65 to 80 when it waited for the pause first).
LATENCY_BUDGET_MS = 150

#: Pages whose first visit is weighed: the home page and the longest pages.
WEIGHED_PAGES = ["", "guias/solucao-de-problemas/", "referencia/desempenho/"]

#: Arms the clock: keydown of the next key -> first change of the result list.
ARM_CLOCK = """() => {
    window.__t0 = null
    window.__t1 = null
    const input = document.querySelector("[data-md-component=search-query]")
    input.addEventListener("keydown", () => { window.__t0 = performance.now() },
                           { once: true, capture: true })
    const list = document.querySelector(".md-search-result__list")
    const observer = new MutationObserver(() => {
        if (window.__t0 !== null) {
            window.__t1 = performance.now()
            observer.disconnect()
        }
    })
    observer.observe(list, { childList: true, subtree: true })
}"""


def page_url(md: str) -> str:
    """`tutoriais/basico.md` -> `tutoriais/basico/`; `index.md` -> `./`."""
    if md == "index.md":
        return "./"
    if md.endswith("/index.md"):
        return md[: -len("index.md")]
    return md.removesuffix(".md") + "/"


def heldout(split: str) -> list[dict]:
    queries = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["queries"]
    return [q for q in queries if q["split"] == split]


def blind() -> list[dict]:
    return yaml.safe_load(BLIND.read_text(encoding="utf-8"))["queries"]


def _misses(browser_site, queries: list[dict]) -> list[str]:
    """The queries none of whose `expect` pages is in the top 3, with what came."""
    browser, base = browser_site
    context, page = _fresh(browser)
    page.goto(base)
    box = SearchBox(page, base)
    box.open()
    misses = []
    for item in queries:
        # Ranking only: the first answer lists the same pages in the same order.
        top = [r["page"] for r in box.search(item["query"], complete=False)[:3]]
        wanted = [page_url(p) for p in item["expect"]]
        if not any(url in top for url in wanted):
            misses.append(f"  {item['query']!r}: {wanted} -> {top}")
    context.close()
    return misses


@pytest.fixture(scope="module")
def browser_site(chromium, site_root: str) -> tuple:
    """The session's Chromium (one Playwright per process) and the site's base URL."""
    return chromium, site_root + SUBPATH.lstrip("/")


def _fresh(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(SEARCH_MESSAGES)
    return context, context.new_page()


def _bodies(requests: list) -> dict[str, bytes]:
    found = {}
    for request in requests:
        response = request.response()
        if response is not None:
            found[request.url] = response.body()
    return found


def _sizes(requests: list) -> list[tuple[str, int]]:
    return [(url, len(body)) for url, body in _bodies(requests).items()]


# --------------------------------------------------------------------------- queries


def _check_expected_pages(queries: list[dict], keys: set[str]) -> None:
    docs = ROOT / "docs"
    for item in queries:
        assert set(item) == keys, item
        assert item["query"].strip() and item["expect"], item
        for page in item["expect"]:
            assert (docs / page).is_file(), f"{item['query']!r}: {page} does not exist"


def test_heldout_set_is_well_formed():
    queries = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["queries"]
    assert len(queries) >= 80
    _check_expected_pages(queries, {"query", "expect", "split"})
    assert {item["split"] for item in queries} == set(HELDOUT_TARGETS)


def test_blind_set_is_well_formed_and_new():
    queries = blind()
    assert len(queries) >= 100
    _check_expected_pages(queries, {"query", "expect"})
    texts = [item["query"] for item in queries]
    assert len(set(texts)) == len(texts), "a query appears twice"
    # It measures other writers: an exact copy of a held-out query adds nothing.
    held = {item["query"] for item in heldout("tune") + heldout("untouched")}
    assert not held & set(texts), sorted(held & set(texts))


@pytest.mark.slow
@pytest.mark.parametrize("split", ["tune", "untouched"])
def test_heldout_recall_at_3(browser_site, split: str):
    queries = heldout(split)
    misses = _misses(browser_site, queries)
    recall = 1 - len(misses) / len(queries)
    report = f"held-out {split}: recall@3 = {recall:.1%} ({len(queries)} queries)"
    # The untouched split is reported without its misses: nobody tunes on them.
    print("\n" + report + ("\n" + "\n".join(misses) if split == "tune" else ""))
    assert recall >= HELDOUT_TARGETS[split], report


@pytest.mark.slow
def test_blind_recall_at_3(browser_site):
    queries = blind()
    misses = _misses(browser_site, queries)
    recall = 1 - len(misses) / len(queries)
    report = f"blind set: recall@3 = {recall:.1%} ({len(queries)} queries)"
    print("\n" + report + "\n" + "\n".join(misses))
    assert recall >= BLIND_TARGET, report + "\n" + "\n".join(misses)


# --------------------------------------------------------------------------- weight


@pytest.mark.parametrize("path", WEIGHED_PAGES)
def test_first_visit_weight(browser_site, path: str):
    browser, base = browser_site
    context, page = _fresh(browser)
    requests: list = []
    context.on("requestfinished", lambda request: requests.append(request))
    url = base + path
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    bodies = _bodies(requests)
    context.close()
    sizes = [(u, len(body)) for u, body in bodies.items()]
    html = sum(size for u, size in sizes if u == url)
    rest = [(u, size) for u, size in sizes if u != url]
    total = sum(size for _, size in rest)
    listing = "\n".join(
        f"  {size:8d} {u.removeprefix(base)}"
        for u, size in sorted(rest, key=lambda r: -r[1])
    )
    print(f"\n{path or './'}: HTML {html} B, first visit +{total} B\n{listing}")
    assert html > 0, f"the page itself was not fetched: {url}"
    assert total <= FIRST_VISIT_BUDGET, listing
    index = [u for u, _ in rest if u.endswith("search/search_index.json")]
    for u in index:
        body = json.loads(bodies[u])
        assert body["docs"] == [] and body["config"]["separator"], u


def test_first_query_weight(browser_site):
    browser, base = browser_site
    # Bytes of the first query, typed key by key on a freshly loaded page.
    context, page = _fresh(browser)
    page.goto(base)
    page.wait_for_load_state("networkidle")
    requests: list = []
    context.on("requestfinished", lambda request: requests.append(request))
    box = SearchBox(page, base)
    box.open()
    assert box.type("transfer learning"), "the first query found nothing"
    page.wait_for_load_state("networkidle")
    sizes = _sizes(requests)
    context.close()
    total = sum(size for _, size in sizes)
    listing = "\n".join(
        f"  {size:8d} {u.removeprefix(base)}"
        for u, size in sorted(sizes, key=lambda r: -r[1])
    )
    print(f"\nfirst query: {len(sizes)} requests, {total} B\n{listing}")
    assert total <= FIRST_QUERY_BUDGET, listing


@pytest.mark.slow
def test_query_latency_over_the_query_set(browser_site):
    browser, base = browser_site
    # Latency: the query minus its last character is answered first, then the
    # last key is pressed and timed until the result list changes.
    context, page = _fresh(browser)
    page.goto(base)
    box = SearchBox(page, base)
    box.open()
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    queries = [item["q"] for items in data.values() for item in items]
    box.search(queries[0])  # Pagefind loaded: the first query is weighed above
    timings = []
    for query in queries:
        box.clear()
        before = box.sent()
        box.input.fill(query[:-1])
        box.input.press("End")
        if query[:-1].strip():
            box.wait_answered(before)  # complete: no late answer stops the clock
        page.evaluate(ARM_CLOCK)
        page.keyboard.type(query[-1])
        page.wait_for_function("() => window.__t1 !== null", timeout=10_000)
        timings.append(page.evaluate("() => window.__t1 - window.__t0"))
    context.close()
    median = statistics.median(timings)
    print(
        f"latency: median {median:.0f} ms, max {max(timings):.0f} ms "
        f"over {len(timings)} queries"
    )
    assert median <= LATENCY_BUDGET_MS, f"median {median:.0f} ms"
