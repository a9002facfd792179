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

Registrado em `mkdocs.yml`, em `hooks:`.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads hooks by file path, with only scripts/hooks/ on sys.path: put the
# repository root there so `scripts.verification` is imported normally.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from scripts.verification.schema import load_records  # noqa: E402
from scripts.verification.status import (  # noqa: E402
    datetime_text,
    file_sha256,
    runner_label,
    runner_order,
)
from scripts.verification.versions import (  # noqa: E402
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


def _where(name: str, record: dict) -> str:
    torch = base_version(record["versions"].get("torch"))
    return (
        f"{runner_label(split_runner(name)[0], record)}, torch {html.escape(torch)}, "
        f"{datetime_text(record)}"
    )


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
        note = f"Mensagem registrada em {_where(name, record)}."
        if stale:
            note += " Não verificada desde a última alteração do exemplo."
        if where:
            note += f" Este erro {where}."
        body = f"{html.escape(type_)}: {_text(message)}"
        css = "error-message"
        others = [
            run for run in runs[1:] if (run[2], run[3]) != (type_, message)
        ]  # the same text on another runner or version needs no second copy
        extra = "".join(
            f'<p class="error-message__note">Em {_where(n, r)}'
            f"{' (não verificada desde a última alteração)' if st else ''}, "
            f'a mensagem era outra:</p><p class="error-message__text"><code>'
            f"{html.escape(t)}: {_text(m)}</code></p>"
            for n, r, t, m, st in others
        )
        same = [
            _where(n, r) for n, r, t, m, _ in runs[1:] if (t, m) == (type_, message)
        ]
        if same:
            note += " O mesmo texto em " + "; ".join(same) + "."
    # O texto da mensagem pesa mais na busca que o resto da página: quem cola a
    # mensagem procura a seção que a mostra, não uma página que só cita palavras dela.
    return (
        f'<div class="{css}"><p class="error-message__text" '
        f'data-pagefind-weight="{SEARCH_WEIGHT}"><code>{body}</code></p>'
        f'<p class="error-message__note">{note}</p>{extra}</div>'
    )


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Troca cada `{{ error_message("categoria", "slug") }}` pela mensagem gravada.

    Raises:
        PluginError: categoria sem registro ou slug que o registro não tem.
    """
    if "{{ error_message(" not in markdown:
        return markdown
    root = Path(config["config_file_path"]).resolve().parent
    records = load_records(root / "verification", root)
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
