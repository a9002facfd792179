"""Guards 2 and 3: includes resolve, sections are balanced and shown, modules are
shown on a page and tested.

See `tests.drift.includes` for the rules (line ranges are forbidden: they drift).
"""

import pytest

from tests.drift import includes, pages
from tests.support import ROOT


@pytest.fixture(scope="module")
def parsed():
    return pages.parse_pages(ROOT)


def test_the_build_fails_on_a_missing_file_or_section():
    problems = includes.check_snippets_config(ROOT)
    assert not problems, "\n".join(problems)


def test_every_include_resolves_to_a_file_and_section(parsed):
    problems = includes.check_includes(ROOT, parsed)
    assert not problems, "\n".join(problems)


def test_section_markers_are_balanced_unique_and_well_named():
    problems = includes.check_markers(ROOT)
    assert not problems, "\n".join(problems)


def test_every_declared_section_is_shown_on_a_page(parsed):
    problems = includes.check_sections_shown(ROOT, parsed)
    assert not problems, "\n".join(problems)


def test_every_module_is_shown_on_a_page_and_imported_by_a_test(parsed):
    problems = includes.check_modules_shown_and_tested(ROOT, parsed)
    assert not problems, "\n".join(problems)


def test_fragments_are_shown_with_their_standalone_section(parsed):
    problems = includes.check_fragments(ROOT, parsed)
    assert not problems, "\n".join(problems)
