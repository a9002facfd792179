"""The profile's data file: valid, the one source of its facts; errors name fields.

- ``profile/pytorch.yml`` passes its schema and cross-checks;
- a bad file fails with the file and the field named (missing field, confidence
  outside 0-1, unknown use-case id, a date that is not ISO);
- the pages render the data (placeholders), and the guard refuses a page that types
  a fact the data holds;
- the selection score's rules in ``snippets/selection/score.py`` are written from the
  data (``scripts/profile/codegen.py``; the module stays standalone: its records and
  downloads need it to be), and a stale module fails naming the command;
- a corrected fact keeps the seed's value beside the corrected one.
"""

from __future__ import annotations

import copy
import re

import pytest

from scripts.profile import codegen, guard, render
from scripts.profile.load import ProfileError, load_profile, site_profile, validate
from tests.support import ROOT

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def profile() -> dict:
    return site_profile(ROOT)


def test_site_profile_is_valid(profile: dict) -> None:
    assert profile["id"] == "pytorch"
    assert [u["confidence"] for u in profile["use_cases"]][:2] == [0.98, 0.95]


def _broken(profile: dict, change) -> dict:
    data = copy.deepcopy(profile)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        (lambda d: d.pop("name"), "(raiz)", "'name' is a required property"),
        (
            lambda d: d["use_cases"][2].update(confidence=1.5),
            "use_cases[2].confidence",
            "1.5 is greater than the maximum of 1",
        ),
        (
            lambda d: d["keywords"][0].update(use_cases=["no-such-case"]),
            "keywords[0].use_cases[0]",
            "unknown use-case id 'no-such-case'",
        ),
        (
            lambda d: d["last_update"].update(value="26/11/2026"),
            "last_update.value",
            "does not match",
        ),
        (
            lambda d: d["seed"].update(date="2025-13-45"),
            "seed.date",
            "is not a 'date'",
        ),
        (
            lambda d: d["use_cases"][0].update(pages=["nowhere.md"]),
            "use_cases[0].pages[0]",
            "not found under docs/",
        ),
    ],
    ids=["missing", "confidence", "unknown-id", "date-format", "date-value", "page"],
)
def test_bad_profile_names_the_field(profile, change, field, why) -> None:
    with pytest.raises(ProfileError) as info:
        validate(_broken(profile, change), "pytorch.yml", DOCS)
    message = str(info.value)
    assert message.startswith("pytorch.yml: ")
    assert f"{field}: " in message and why in message, message


def test_yaml_dates_stay_text(tmp_path) -> None:
    """An unquoted date is read as text, so the schema checks it as an ISO date."""
    text = (ROOT / "profile" / "pytorch.yml").read_text(encoding="utf-8")
    bad = tmp_path / "x.yml"
    bad.write_text(text.replace('date: "2025-01-15"', "date: 2025-01-15"))
    assert load_profile(bad)["seed"]["date"] == "2025-01-15"
    bad.write_text(text.replace('date: "2025-01-15"', "date: 2025-1-15"))
    with pytest.raises(ProfileError, match=r"seed\.date: '2025-1-15'"):
        load_profile(bad)


def test_pages_render_every_placeholder(profile: dict) -> None:
    for path in sorted(DOCS.rglob("*.md")):
        page = path.relative_to(DOCS).as_posix()
        out = render.render_page(path.read_text(encoding="utf-8"), page, profile)
        assert "{{ profile" not in out, page


def test_rendered_use_case_table_and_links(profile: dict) -> None:
    lines = render.table(profile, "use_cases")
    row = render.relink(lines[2], "casos-de-uso/index.md")
    assert row.startswith(
        "| 1 | [Redes Neurais Profundas](redes-profundas.md) | 0,98 |"
    )
    assert render.relink("[x](tutoriais/basico.md#a)", "referencia/tags.md") == (
        "[x](../tutoriais/basico.md#a)"
    )
    assert render.relink("[x](sobre/errata.md#cmd)", "sobre/errata.md") == "[x](#cmd)"


def test_unknown_placeholder_names_page_and_line(profile: dict) -> None:
    with pytest.raises(render.RenderError, match=r"docs/p\.md:2: .*'info\.nothing'"):
        render.render_page('a\n{{ profile("info.nothing") }}', "p.md", profile)
    with pytest.raises(render.RenderError, match="unknown profile table"):
        render.render_page('{{ profile_table("nothing") }}', "p.md", profile)


def test_no_page_types_a_fact_of_the_data(profile: dict) -> None:
    problems = []
    for path in sorted(DOCS.rglob("*.md")):
        page = path.relative_to(DOCS).as_posix()
        problems += guard.typed_facts(path.read_text(encoding="utf-8"), page, profile)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("Caso 5 — GANs e Modelos Generativos, confiança 0,93.", "confidence"),
        ("pytorch · torch · deep learning · neural network", "keywords"),
        ("| `typing-extensions` | `>=4.10.0` | `>=4.0.0` |", "table"),
        ("- Facilidade de uso: 8/10", "rating"),
        ("O perfil original é de 2025-01-15.", "date"),
        (
            "Modelos são classes `nn.Module`, o treino é um laço Python comum.",
            "typed from the profile",
        ),
    ],
)
def test_guard_catches_a_typed_fact(profile: dict, line: str, why: str) -> None:
    page = "referencia/dependencias.md" if why == "table" else "x.md"
    problems = guard.typed_facts(f"# T\n\n{line}\n", page, profile)
    assert problems and all(p.startswith(f"{page}:3: ") for p in problems), problems
    assert any(why in p for p in problems), problems


def test_guard_catches_a_typed_selection_rule(profile: dict) -> None:
    page = profile["selection"]["page"]
    text = "# T\n\nO termo `deep` ganha o +0.25, e `linear` perde −0.30.\n"
    assert guard.typed_facts(text, page, profile) == [
        f"{page}:3: the selection rule +0.25 typed"
    ]
    assert guard.typed_facts("# T\n\n`0.70 + 0.10` sai `0.8`.\n", page, profile) == []
    assert guard.typed_facts(text, "x.md", profile) == []


def test_guard_catches_a_typed_tested_version(profile: dict) -> None:
    torch = profile["info"]["versions"]["tested_with"]["torch"]
    assert torch == "2.14.1"
    text = f"# T\n\nTestado com o torch **{torch}** em CPU.\n"
    assert guard.typed_facts(text, "x.md", profile) == [
        f"x.md:3: the tested version {torch} (info.versions.tested_with.torch) "
        'typed; write {{ profile("info.versions.tested_with.torch") }}'
    ]
    front = f"---\ndescription: As dependências do torch {torch}.\n---\n# T\n"
    assert guard.typed_facts(front, "x.md", profile) == [
        f"x.md:2: the tested version {torch} (info.versions.tested_with.torch) "
        "typed; the front matter is not rendered: write it without the number"
    ]
    quoted = "\n".join(
        [
            "# T",
            f"`torch.__version__` mostra `{torch}+cpu`.",
            f"([`worker.py`](https://github.com/pytorch/pytorch/blob/v{torch}/w.py#L2))",
            f"<https://example.org/{torch}/> e https://example.org/v{torch}/x",
            "```text",
            f"{torch}+cu130",
            "```",
            "O torch 2.14.10 e o 12.14.1 são outras versões.",
            'A versão é {{ profile("info.versions.tested_with.torch") }}.',
        ]
    )
    assert guard.typed_facts(quoted, "x.md", profile) == []


def test_the_version_guard_reads_any_profile(profile: dict) -> None:
    other = copy.deepcopy(profile)
    other["info"]["versions"]["tested_with"] = {"requests": "2.32.3"}
    text = "# T\n\nO requests 2.32.3, não o torch 2.14.1.\n"
    assert [p.split(" typed")[0] for p in guard.typed_facts(text, "x.md", other)] == [
        "x.md:3: the tested version 2.32.3 (info.versions.tested_with.requests)"
    ]
    del other["info"]["versions"]
    assert guard.typed_facts(text, "x.md", other) == []


def test_guard_refuses_a_tag_that_is_not_a_keyword(profile: dict) -> None:
    text = "---\ntags:\n  - pytorch\n  - keras\n---\n# T\n"
    assert guard.typed_facts(text, "x.md", profile) == [
        "x.md: tag 'keras' is not a keyword of the profile"
    ]


def test_generated_code_is_the_datas() -> None:
    problems = codegen.stale(ROOT)
    assert not problems, (
        "\n".join(problems) + f"\nRegenerate from the data: {codegen.COMMAND}"
    )


def test_a_change_of_the_data_makes_the_module_stale(tmp_path, profile) -> None:
    module = "snippets/selection/score.py"
    (tmp_path / "profile").mkdir()
    (tmp_path / "docs").symlink_to(DOCS)
    (tmp_path / module).parent.mkdir(parents=True)
    (tmp_path / module).write_bytes((ROOT / module).read_bytes())
    text = (ROOT / "profile" / "pytorch.yml").read_text(encoding="utf-8")
    changed = text.replace("adjustment: -0.30", "adjustment: -0.35")
    assert changed != text
    (tmp_path / "profile" / "pytorch.yml").write_text(changed, encoding="utf-8")
    assert codegen.stale(tmp_path) == [
        f"{module}: out of date with profile/pytorch.yml"
    ]
    assert codegen.main(["--check", "--root", str(tmp_path)]) == 1
    assert codegen.main(["--root", str(tmp_path)]) == 0
    assert codegen.stale(tmp_path) == []
    new = (tmp_path / module).read_text(encoding="utf-8")
    assert '("ML clássico", -0.35, ' in new and "-0.30" not in new.split("def ")[0]
    # A region without its last line is an error that names the line.
    (tmp_path / module).write_text(new.replace(codegen._END, ""), encoding="utf-8")
    with pytest.raises(codegen.CodegenError, match=r"score\.py:\d+: region"):
        codegen.stale(tmp_path)


def test_generated_code_wraps_long_rules(profile: dict) -> None:
    data = copy.deepcopy(profile)
    data["selection"]["rules"][0]["terms"] += ["multilayer_perceptron", "attention"]
    lines = codegen.PARTS["selection"](data)
    assert all(len(line) <= codegen.LINE for line in lines)
    assert "        +0.25," in lines
    assert codegen.number(0.125) == "0.125" and codegen.number(0.1, True) == "+0.10"


def test_install_commands_are_the_pages(profile: dict) -> None:
    page = "referencia/instalacao.md"
    text = render.render_page((DOCS / page).read_text(encoding="utf-8"), page, profile)
    for entry in profile["install"]["value"]:
        assert re.search(rf"^\s*{re.escape(entry['command'])}$", text, re.M), entry


def test_corrected_facts_keep_the_seed_value(profile: dict) -> None:
    info = profile["info"]
    for name in ("category", "license", "documentation", "description", "versions"):
        assert {"seed", "value"} <= set(info[name]), name
    assert info["documentation"]["seed"] != info["documentation"]["value"]
    for row in profile["corrections"]:
        assert row["seed"] and re.search(r"\]\((https?://|sobre/)", row["source"]), row


def test_best_practices_are_the_pages_headings(profile: dict) -> None:
    """The headings render the data's titles; the source types none of them."""
    practices = profile["best_practices"]
    page = practices["page"]
    source = (DOCS / page).read_text(encoding="utf-8")
    text = render.render_page(source, page, profile)
    headings = re.findall(r"^## \d+\. (.+)$", text, re.M)
    titles = [item["title"] for item in practices["items"]]
    assert headings[: len(titles)] == titles
    assert "Usar o acelerador quando houver um" not in source
    problems = guard.typed_facts(f"# T\n\n## 1. {titles[0]}\n", "x.md", profile)
    assert problems == ["x.md:3: a best practice's title typed in a heading"]
