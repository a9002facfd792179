"""Score de seleção: o quanto o PyTorch combina com uma tarefa descrita por palavras.

Mantém as regras do perfil original (`BASE_SCORE`, `GPU_BOOST`, `KEYWORD_RULES` e o
teto `MAX_SCORE`, escritos a partir dos dados do perfil) e corrige os defeitos da
função de lá: faltava `import torch`; a comparação era exata e sensível a
maiúsculas, então "deep learning" ou "CNN" nunca casavam; uma string no lugar da lista
virava busca de substring ("tree" casava com "street"); o resultado mudava conforme a
máquina tivesse GPU; e somas como 0.70 + 0.10 saíam 0.7999999999999999.

As tabelas da página são geradas por `score_table_markdown` e
`before_after_markdown`, nunca digitadas.
"""

# --8<-- [start:score]
import re
from collections.abc import Iterable

import torch

# Gerado de profile/pytorch.yml (`selection`); não edite à mão. Para regerar:
# python -m scripts.profile.codegen
BASE_SCORE = 0.70
MAX_SCORE = 0.98
GPU_BOOST = 0.10

# As regras do perfil original: (nome, ajuste, termos). Um termo composto
# ("random_forest") só casa com as duas palavras em sequência.
KEYWORD_RULES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("deep learning", +0.25, ("neural", "deep", "cnn", "rnn", "lstm", "transformer")),
    ("visão computacional", +0.10, ("image", "vision", "detection", "segmentation")),
    ("ML clássico", -0.30, ("linear", "logistic", "tree", "random_forest")),
)
# Fim do trecho gerado.

# Espaço, `_` e `-` separam palavras: "random_forest", "random-forest" e
# "random forest" viram a mesma sequência ("random", "forest").
_SEPARATORS = re.compile(r"[\s_\-]+")


def normalize_keywords(task_keywords: str | Iterable[str]) -> list[tuple[str, ...]]:
    """Quebra as palavras-chave em palavras minúsculas.

    Args:
        task_keywords: uma palavra-chave (`str`) ou um iterável de palavras-chave.
            Uma string sozinha vale o mesmo que uma lista com ela.

    Returns:
        Uma tupla de palavras por palavra-chave, sem as vazias; por exemplo,
            `["Deep-Learning", "CNN"]` vira `[("deep", "learning"), ("cnn",)]`.

    Raises:
        TypeError: se a entrada não for `str` nem iterável, ou se algum item não
            for `str`.
    """
    if isinstance(task_keywords, str):
        # Uma string é UMA palavra-chave, não uma coleção de letras.
        task_keywords = [task_keywords]
    elif not isinstance(task_keywords, Iterable):
        raise TypeError(
            "task_keywords deve ser uma str ou um iterável de str, "
            f"recebeu {type(task_keywords).__name__}"
        )
    phrases = []
    for keyword in task_keywords:
        if not isinstance(keyword, str):
            raise TypeError(
                "cada palavra-chave deve ser str, "
                f"recebeu {type(keyword).__name__}: {keyword!r}"
            )
        words = tuple(w for w in _SEPARATORS.split(keyword.casefold()) if w)
        if words:
            phrases.append(words)
    return phrases


def _has_term(phrase: tuple[str, ...], term: str) -> bool:
    """Diz se as palavras do termo aparecem em sequência na frase."""
    term_words = _SEPARATORS.split(term)
    size = len(term_words)
    for start in range(len(phrase) - size + 1):
        window = phrase[start : start + size]
        # Singular ou plural com -s: "cnns", "transformers", "images".
        if all(w in (t, t + "s") for w, t in zip(window, term_words, strict=True)):
            return True
    return False


def matched_terms(task_keywords: str | Iterable[str]) -> dict[str, list[str]]:
    """Lista, para cada regra do perfil, os termos encontrados nas palavras-chave.

    Args:
        task_keywords: como em `normalize_keywords`.

    Returns:
        Dicionário `{nome da regra: termos encontrados}`, na ordem de
            `KEYWORD_RULES`; a lista fica vazia quando a regra não se aplica.

    Raises:
        TypeError: como em `normalize_keywords`.
    """
    phrases = normalize_keywords(task_keywords)
    return {
        name: [term for term in terms if any(_has_term(p, term) for p in phrases)]
        for name, _, terms in KEYWORD_RULES
    }


def calculate_pytorch_score(
    task_keywords: str | Iterable[str], gpu_available: bool | None = None
) -> float:
    """Calcula o score de seleção do PyTorch para uma tarefa.

    Args:
        task_keywords: palavras-chave da tarefa (`str` ou iterável de `str`).
            Maiúsculas não importam; espaço, `_` e `-` separam palavras, então
            "deep learning" casa com o termo `deep` e "random forest" com
            `random_forest`; o plural com -s também casa.
        gpu_available: se há GPU CUDA (ou ROCm) para a tarefa. `None` pergunta a
            `torch.cuda.is_available()`; passe `True`/`False` para ter o mesmo
            score em qualquer máquina.

    Returns:
        O score, um `float` com duas casas decimais entre 0.0 e 0.98.

    Raises:
        TypeError: se `gpu_available` não for `bool` nem `None`, ou pelos
            motivos de `normalize_keywords`.
    """
    if gpu_available is None:
        gpu_available = torch.cuda.is_available()
    elif not isinstance(gpu_available, bool):
        raise TypeError(
            f"gpu_available deve ser bool ou None, recebeu {gpu_available!r}"
        )

    found = matched_terms(task_keywords)
    score = BASE_SCORE
    for name, adjustment, _ in KEYWORD_RULES:
        if found[name]:  # cada regra conta uma vez, por mais termos que case
            score += adjustment
    if gpu_available:
        score += GPU_BOOST
    # Limita a [0.0, 0.98] e arredonda: 0.70 + 0.10 dá 0.8, não 0.7999999999999999.
    return round(min(max(score, 0.0), MAX_SCORE), 2)


# --8<-- [end:score]


def _seed_score(task_keywords, cuda_available: bool) -> float:
    """A função do perfil original, com os mesmos defeitos (só para comparação).

    Idêntica à de lá, exceto que a resposta de `torch.cuda.is_available()` vem do
    argumento: assim a coluna "antes" da página não depende da máquina.
    """
    base_score = 0.70
    deep_learning = ["neural", "deep", "cnn", "rnn", "lstm", "transformer"]
    if any(k in task_keywords for k in deep_learning):
        base_score += 0.25
    if cuda_available:
        base_score += 0.10
    if any(
        k in task_keywords for k in ["image", "vision", "detection", "segmentation"]
    ):
        base_score += 0.10
    if any(k in task_keywords for k in ["linear", "logistic", "tree", "random_forest"]):
        base_score -= 0.30
    return min(base_score, 0.98)


# Gerado de profile/pytorch.yml (`keywords`); não edite à mão. Para regerar:
# python -m scripts.profile.codegen
# Os 17 gatilhos (palavras-chave) do perfil, na ordem dele.
PROFILE_TRIGGERS: tuple[str, ...] = (
    "pytorch",
    "torch",
    "deep learning",
    "neural network",
    "cnn",
    "rnn",
    "lstm",
    "transformer",
    "gpu",
    "cuda",
    "transfer learning",
    "fine-tuning",
    "image classification",
    "object detection",
    "nlp",
    "gan",
    "autoencoder",
)
# Fim do trecho gerado.

# Os gatilhos, um por vez, e combinações que mostram cada regra.
EXAMPLES: tuple[str | list[str], ...] = (
    *([trigger] for trigger in PROFILE_TRIGGERS),
    [],
    ["CNNs", "transformers"],
    ["Deep-Learning", "image_segmentation"],
    ["cnn", "image"],
    ["random forest"],
    ["logistic regression", "tabular"],
    ["lstm", "linear regression"],
    "convolutional neural network",
)

# As entradas da tabela da revisão do perfil (§1.1), mais uma que mostra a busca de
# substring: "tree" dentro de "street".
REVIEW_INPUTS: tuple[str | list[str], ...] = (
    ["cnn"],
    ["deep"],
    ["deep learning"],
    ["neural network"],
    ["Neural"],
    ["CNN"],
    ["image classification"],
    ["random forest"],
    ["pytorch"],
    ["torch"],
    ["gpu"],
    ["transfer learning"],
    [],
    ["image"],
    ["cnn", "image"],
    ["linear"],
    ["random_forest"],
    ["tree", "cnn"],
    "convolutional neural network",
    "street segmentation",
)


def _cell(task_keywords: str | list[str]) -> str:
    return "`" + repr(task_keywords).replace("|", "\\|") + "`"


def _raw_score(task_keywords: str | list[str], gpu_available: bool) -> float:
    found = matched_terms(task_keywords)
    adjustments = sum(adj for name, adj, _ in KEYWORD_RULES if found[name])
    return BASE_SCORE + adjustments + (GPU_BOOST if gpu_available else 0.0)


def _score_cell(task_keywords: str | list[str], gpu_available: bool) -> str:
    score = calculate_pytorch_score(task_keywords, gpu_available=gpu_available)
    raw = round(_raw_score(task_keywords, gpu_available), 2)
    if raw > MAX_SCORE:
        return f"{score} (teto; a soma daria {raw:.2f})"
    return str(score)


def _rules_cell(task_keywords: str | list[str]) -> str:
    found = matched_terms(task_keywords)
    parts = [
        f"{name} {adjustment:+.2f} ({', '.join(f'`{t}`' for t in found[name])})"
        for name, adjustment, _ in KEYWORD_RULES
        if found[name]
    ]
    return "; ".join(parts) or f"nenhuma (só a base {BASE_SCORE:.2f})"


def score_table_markdown(
    examples: Iterable[str | list[str]] = EXAMPLES,
) -> str:
    """Gera a tabela Markdown de exemplos da página, chamando a função de verdade.

    Args:
        examples: entradas a avaliar, cada uma uma `str` ou uma lista de `str`.

    Returns:
        A tabela, com as regras aplicadas e o score sem e com GPU.
    """
    lines = [
        "| Palavras-chave da tarefa | Regras que se aplicam | Sem GPU | Com GPU |",
        "|---|---|---|---|",
    ]
    for keywords in examples:
        lines.append(
            f"| {_cell(keywords)} | {_rules_cell(keywords)} "
            f"| {_score_cell(keywords, False)} | {_score_cell(keywords, True)} |"
        )
    return "\n".join(lines) + "\n"


def before_after_markdown(
    examples: Iterable[str | list[str]] = REVIEW_INPUTS,
) -> str:
    """Gera a tabela "antes e agora": a função do perfil contra a corrigida.

    Args:
        examples: entradas a comparar, cada uma uma `str` ou uma lista de `str`.

    Returns:
        A tabela, com o resultado exato (`repr`) das duas funções, sem e com GPU.
    """
    lines = [
        "| Entrada | Antes, sem GPU | Antes, com GPU "
        "| Agora, sem GPU | Agora, com GPU |",
        "|---|---|---|---|---|",
    ]
    for keywords in examples:
        before = [repr(_seed_score(keywords, cuda)) for cuda in (False, True)]
        after = [
            repr(calculate_pytorch_score(keywords, gpu_available=gpu))
            for gpu in (False, True)
        ]
        lines.append(
            f"| {_cell(keywords)} | {before[0]} | {before[1]} "
            f"| {after[0]} | {after[1]} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Calcula o score de algumas tarefas, sem e com GPU, e imprime o resultado."""
    tasks = (
        ["deep learning", "image classification"],
        ["Transformer", "NLP"],
        "random forest",
        ["lstm", "linear regression"],
        [],
    )
    print("tarefa -> score sem GPU | com GPU")
    for task in tasks:
        without_gpu = calculate_pytorch_score(task, gpu_available=False)
        with_gpu = calculate_pytorch_score(task, gpu_available=True)
        print(f"{task!r} -> {without_gpu} | {with_gpu}")


if __name__ == "__main__":
    main()
