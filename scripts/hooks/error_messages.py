"""Hook do MkDocs: mensagens de erro gravadas, mostradas como texto nas páginas.

Por quê: a mensagem que uma página de `docs/erros/` mostra tem de ser a que o torch
levantou de verdade. Os testes de `snippets/errors/` gravam o tipo e o texto de cada
exceção em `snippets/errors/messages/<categoria>.json` e falham quando a mensagem
levantada muda; este hook só lê esses arquivos. O texto vai como HTML escapado (não
como Markdown: `*`, `_`, `<` e `|` das mensagens seriam interpretados) e fora de um
bloco de código, dentro do artigo, para que o Pagefind o indexe e quem cola a
mensagem na busca ache a entrada.

Como: uma linha sozinha `{{ error_message("shapes", "matmul") }}` vira a mensagem
com a versão do torch que a gravou. Uma entrada que só se reproduz com GPU e ainda
não tem registro diz isso, e mostra o trecho estável que o teste exige. Categoria
ou slug inexistente falha o build, nomeando a página.

Registrado em `mkdocs.yml`, em `hooks:`.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

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
        "só acontece com uma build do torch com CUDA numa máquina sem GPU"
    ),
    "no-gpu": "só acontece numa máquina sem GPU",
}

RUNNERS = {"cpu": "CPU", "gpu": "GPU"}

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


def render(record: dict, slug: str) -> str:
    """O bloco HTML de uma entrada do registro.

    Args:
        record: o conteúdo de `messages/<categoria>.json`.
        slug: a entrada.

    Returns:
        HTML em uma linha (um bloco HTML do Markdown não pode ter linha em branco).
    """
    entry = record["entries"][slug]
    where = NEEDS.get(entry["needs"], "")
    if entry["message"] is None:
        stable = html.escape(entry["stable"])
        note = (
            f"Sem registro de GPU ainda: este erro {where}, e nenhuma execução "
            "com GPU foi gravada. O teste exige o tipo e este trecho da mensagem."
        )
        body = f"{html.escape(entry['type'])}: … {stable} …"
        css = "error-message error-message--pending"
    else:
        runner = RUNNERS.get(record["runner"], record["runner"])
        note = (
            f"Mensagem registrada com torch {html.escape(record['torch'])} em "
            f"{runner} (Python {html.escape(record['python'])})."
        )
        if where:
            note += f" Este erro {where}."
        body = f"{html.escape(entry['type'])}: {_text(entry['message'])}"
        css = "error-message"
    # O texto da mensagem pesa mais na busca que o resto da página: quem cola a
    # mensagem procura a seção que a mostra, não uma página que só cita palavras dela.
    return (
        f'<div class="{css}"><p class="error-message__text" '
        f'data-pagefind-weight="{SEARCH_WEIGHT}"><code>{body}</code></p>'
        f'<p class="error-message__note">{note}</p></div>'
    )


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Troca cada `{{ error_message("categoria", "slug") }}` pela mensagem gravada.

    Raises:
        PluginError: categoria sem registro ou slug que o registro não tem.
    """
    if "{{ error_message(" not in markdown:
        return markdown
    root = Path(config["config_file_path"]).resolve().parent
    cache: dict[str, dict] = {}

    def replace(match: re.Match) -> str:
        category, slug = match["category"], match["slug"]
        record = _load(root, category, cache)
        if slug not in record["entries"]:
            raise PluginError(
                f"{page.file.src_uri}: error_message({category!r}, {slug!r}): "
                f"{slug!r} não está em {MESSAGES / (category + '.json')}"
            )
        return render(record, slug)

    out = PLACEHOLDER.sub(replace, markdown)
    if "{{ error_message(" in out:
        line = next(x for x in out.splitlines() if "{{ error_message(" in x)
        raise PluginError(f"{page.file.src_uri}: marcador malformado: {line.strip()}")
    return out
