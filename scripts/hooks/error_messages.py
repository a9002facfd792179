"""Hook do MkDocs: mensagens de erro gravadas, mostradas como texto nas páginas.

Por quê: a mensagem que uma página de `docs/erros/` mostra tem de ser a que o torch
levantou de verdade. Os testes de `snippets/errors/` gravam o tipo e o texto de cada
exceção em `snippets/errors/messages/<categoria>.json` e falham quando a mensagem
levantada muda; este hook só lê esses arquivos. O texto vai como HTML escapado (não
como Markdown: `*`, `_`, `<` e `|` das mensagens seriam interpretados) e fora de um
bloco de código, dentro do artigo, para que o Pagefind o indexe e quem cola a
mensagem na busca ache a entrada.

Como: uma linha sozinha `{{ error_message("shapes", "matmul") }}` vira a mensagem
que a execução registrada levantou (`verification/<runner>.json`, gravada pelo
plugin do gravador a partir dos testes), com o runner, a versão do torch e a data; a
mensagem da GPU aparece também quando difere, e a de cada versão antiga do torch
registrada (`cpu-torch-2.6.0.json`) quando o texto era outro. Sem nenhum registro da
entrada (um erro só de GPU, sem execução em GPU registrada), a página diz isso e
mostra o trecho estável que o teste exige (de `snippets/errors/messages/`).
Categoria ou slug inexistente falha o build, nomeando a página.

O índice (`docs/erros/index.md`) também sai dos registros: `{{ error_count }}` vira o
número de mensagens do catálogo (as entradas de `messages/*.json`), e uma linha
sozinha `{{ error_index("shapes") }}` vira a tabela da categoria, uma linha por
entrada, na ordem do catálogo: o título é o da seção da entrada na sua página (o
cabeçalho com a âncora `#slug` logo acima do `error_message`), e o tipo é o gravado,
com a marca "(GPU)" nas que só se reproduzem com GPU e um tipo por versão do Python
quando o catálogo os dá (`by_python`). Uma entrada sem seção numa página falha o
build.

Registrado em `mkdocs.yml`, em `hooks:`.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from scripts.hooks.context import build_context
from scripts.verification import texts
from scripts.verification.status import (
    datetime_text,
    file_sha256,
    runner_label,
    runner_order,
)
from scripts.verification.versions import (
    base_version,
    split_runner,
    version_key,
)

#: Onde os testes gravam as mensagens, relativo à raiz do repositório.
MESSAGES = Path("snippets/errors/messages")

PLACEHOLDER = re.compile(
    r'^\{\{ error_message\("(?P<category>[a-z_]+)", "(?P<slug>[a-z0-9-]+)"\) \}\}$',
    re.MULTILINE,
)
INDEX = re.compile(r'^\{\{ error_index\("(?P<category>[a-z_]+)"\) \}\}$', re.MULTILINE)
COUNT = "{{ error_count }}"

#: O cabeçalho de uma entrada: `## texto { #slug lang=en }` (ou `###`).
HEADING = re.compile(r"^#{2,3} (?P<title>.+?) \{ #(?P<slug>[a-z0-9-]+)(?: [^}]*)? \}$")

#: Códigos de cor/negrito do terminal (`\x1b[1m`) que algumas mensagens trazem.
ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: Onde cada reprodução roda, como a página diz.
NEEDS = {
    "any": "",
    "gpu": "só se reproduz com uma GPU CUDA",
    "cuda-build-no-gpu": (
        "só acontece com um build do torch com CUDA numa máquina sem GPU"
    ),
    "no-gpu": "só acontece numa máquina sem GPU",
}

#: Peso do Pagefind para o texto da mensagem (o padrão de um parágrafo é 1).
SEARCH_WEIGHT = 4


def _load(root: Path, category: str, cache: dict[str, dict]) -> dict:
    if category not in cache:
        path = root / MESSAGES / f"{category}.json"
        if not path.is_file():
            raise PluginError(f"error_message: {path} não existe")
        cache[category] = json.loads(path.read_text(encoding="utf-8"))
    return cache[category]


def _text(message: str) -> str:
    """Mensagem em HTML: escapada, sem códigos ANSI, quebras de linha preservadas."""
    clean = ANSI.sub("", message).rstrip()
    return "<br>".join(html.escape(line) for line in clean.split("\n"))


def recorded(records: dict, category: str, slug: str, root: Path) -> list[tuple]:
    """(runner, record, type, message, stale) of every record that raised `slug`.

    The runners' own records first (CPU, then GPU), then version records, oldest
    torch first.
    """
    module = f"snippets/errors/{category}.py"
    sha = file_sha256(root / module)
    names = [r for r in runner_order(records) if r in records]
    names += sorted(
        (r for r in records if split_runner(r)[1]),
        key=lambda r: version_key(base_version(records[r]["versions"].get("torch"))),
    )
    found = []
    for name in names:
        entry = records[name]["modules"].get(module)
        error = (entry or {}).get("errors", {}).get(slug)
        if error:
            stale = entry["sha256"] != sha
            found.append((name, records[name], error["type"], error["message"], stale))
    return found


def _where(name: str, record: dict, python: bool = False) -> str:
    """Runner, versão do torch (e do Python, se `python`) e data de um registro."""
    torch = base_version(record["versions"].get("torch"))
    py = record["versions"].get("python")
    return (
        f"{runner_label(split_runner(name)[0], record)}, torch {html.escape(torch)}, "
        + (f"Python {html.escape(py)}, " if python and py else "")
        + f"{datetime_text(record)}"
    )


def _next_minor(version: str, step: int) -> str:
    major, minor = version.split(".")[:2]
    return f"{major}.{int(minor) + step}"


def python_types(by_python: list[list[str]]) -> list[tuple[str, str]]:
    """`[(tipo, "Python 3.10 a 3.13"), (tipo, "Python 3.14 ou mais novo")]`."""
    out = []
    for i, (version, type_) in enumerate(by_python):
        if i + 1 < len(by_python):
            last = _next_minor(by_python[i + 1][0], -1)
            span = f"Python {version}" + (f" a {last}" if last != version else "")
        else:
            span = f"Python {version} ou mais novo"
        out.append((type_, span))
    return out


def _python_note(entry: dict) -> str:
    if not entry.get("by_python"):
        return ""
    parts = "; ".join(
        f"<code>{html.escape(t)}</code> ({html.escape(span)})"
        for t, span in python_types(entry["by_python"])
    )
    return f" O tipo depende da versão do Python: {parts}."


def render(catalog: dict, slug: str, runs: list[tuple]) -> str:
    """O bloco HTML de uma entrada.

    Args:
        catalog: o conteúdo de `messages/<categoria>.json` (tipo, trecho estável e
            onde a reprodução roda).
        slug: a entrada.
        runs: o que :func:`recorded` achou nos registros.

    Returns:
        HTML em uma linha (um bloco HTML do Markdown não pode ter linha em branco).
    """
    entry = catalog["entries"][slug]
    where = NEEDS.get(entry["needs"], "")
    py = bool(entry.get("by_python"))
    own = [run for run in runs if not split_runner(run[0])[1]]
    if not own:
        stable = html.escape(entry["stable"])
        note = (
            f"Sem registro de GPU ainda: este erro {where}, e nenhuma execução "
            "com GPU foi gravada. O teste exige o tipo e este trecho da mensagem."
            if entry["needs"] == "gpu"
            else "Nenhuma execução registrada levantou este erro ainda. O teste "
            "exige o tipo e este trecho da mensagem."
        )
        body = f"{html.escape(entry['type'])}: … {stable} …"
        css = "error-message error-message--pending"
        extra = ""
    else:
        name, record, type_, message, stale = own[0]
        note = f"Mensagem registrada em {_where(name, record, py)}."
        if stale:
            note += f" {texts.STALE_MESSAGE_NOTE}"
        if where:
            note += f" Este erro {where}."
        body = f"{html.escape(type_)}: {_text(message)}"
        css = "error-message"
        others = [
            run for run in runs[1:] if (run[2], run[3]) != (type_, message)
        ]  # the same text on another runner or version needs no second copy
        extra = "".join(
            f'<p class="error-message__note">Em {_where(n, r, py)}'
            f"{f' ({texts.STALE_MESSAGE})' if st else ''}, "
            f'a mensagem era outra:</p><p class="error-message__text"><code>'
            f"{html.escape(t)}: {_text(m)}</code></p>"
            for n, r, t, m, st in others
        )
        same = [
            _where(n, r, py) for n, r, t, m, _ in runs[1:] if (t, m) == (type_, message)
        ]
        if same:
            note += " O mesmo texto em " + "; ".join(same) + "."
    note += _python_note(entry)
    # O texto da mensagem pesa mais na busca que o resto da página: quem cola a
    # mensagem procura a seção que a mostra, não uma página que só cita palavras dela.
    return (
        f'<div class="{css}"><p class="error-message__text" '
        f'data-pagefind-weight="{SEARCH_WEIGHT}"><code>{body}</code></p>'
        f'<p class="error-message__note">{note}</p>{extra}</div>'
    )


def catalog_files(root: Path) -> list[Path]:
    """Os registros de mensagens, um por categoria."""
    return sorted((root / MESSAGES).glob("*.json"))


def error_count(root: Path) -> int:
    """Quantas mensagens o catálogo tem (todas as categorias)."""
    return sum(
        len(json.loads(path.read_text(encoding="utf-8"))["entries"])
        for path in catalog_files(root)
    )


def sections(docs: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """`(categoria, slug) -> (página, título)` das seções de entrada em `docs/erros/`.

    A seção de uma entrada é o cabeçalho com a âncora `#slug` seguido do seu
    `error_message("categoria", "slug")`.
    """
    found = {}
    for path in sorted((docs / "erros").glob("*.md")):
        heading = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := HEADING.match(line):
                heading = match
            elif (
                (placeholder := PLACEHOLDER.match(line))
                and heading is not None
                and heading["slug"] == placeholder["slug"]
            ):
                key = (placeholder["category"], placeholder["slug"])
                found[key] = (path.name, heading["title"])
    return found


def type_cell(entry: dict) -> str:
    """A coluna "Tipo" do índice: o tipo gravado, por versão do Python se mudar."""
    if entry.get("by_python"):
        cell = "; ".join(
            f"`{t}` ({span})" for t, span in python_types(entry["by_python"])
        )
    else:
        cell = f"`{entry['type']}`"
    return cell + (" (GPU)" if entry["needs"] == "gpu" else "")


def index_table(category: dict, name: str, found: dict, where: str) -> str:
    """A tabela Markdown de uma categoria do índice.

    Raises:
        PluginError: uma entrada do catálogo sem seção em nenhuma página.
    """
    rows = ["| Mensagem | Tipo |", "| --- | --- |"]
    for slug, entry in category["entries"].items():
        if (name, slug) not in found:
            raise PluginError(
                f"{where}: error_index({name!r}): a entrada {slug!r} não tem seção "
                f'(cabeçalho {{ #{slug} }} e error_message("{name}", "{slug}")) '
                "em docs/erros/"
            )
        page, title = found[(name, slug)]
        rows.append(f"| [{title}]({page}#{slug}){{ lang=en }} | {type_cell(entry)} |")
    return "\n".join(rows)


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, **kwargs
) -> str:
    """Troca cada `{{ error_message("categoria", "slug") }}` pela mensagem gravada.

    Raises:
        PluginError: categoria sem registro ou slug que o registro não tem.
    """
    context = build_context(config)
    root = context.root
    if COUNT in markdown:
        markdown = markdown.replace(COUNT, str(error_count(root)))
    if "{{ error_index(" in markdown:
        found = sections(context.docs)
        cache_index: dict[str, dict] = {}

        def table(match: re.Match) -> str:
            name = match["category"]
            return index_table(
                _load(root, name, cache_index), name, found, page.file.src_uri
            )

        markdown = INDEX.sub(table, markdown)
        if "{{ error_index(" in markdown:
            line = next(x for x in markdown.splitlines() if "{{ error_index(" in x)
            raise PluginError(
                f"{page.file.src_uri}: marcador malformado: {line.strip()}"
            )
    if "{{ error_message(" not in markdown:
        return markdown
    records = context.records
    cache: dict[str, dict] = {}

    def replace(match: re.Match) -> str:
        category, slug = match["category"], match["slug"]
        record = _load(root, category, cache)
        if slug not in record["entries"]:
            raise PluginError(
                f"{page.file.src_uri}: error_message({category!r}, {slug!r}): "
                f"{slug!r} não está em {MESSAGES / (category + '.json')}"
            )
        return render(record, slug, recorded(records, category, slug, root))

    out = PLACEHOLDER.sub(replace, markdown)
    if "{{ error_message(" in out:
        line = next(x for x in out.splitlines() if "{{ error_message(" in x)
        raise PluginError(f"{page.file.src_uri}: marcador malformado: {line.strip()}")
    return out
