"""NLP e Transformers: classificador de texto com `nn.TransformerEncoder`.

Tokens viram vetores (`nn.Embedding`), recebem uma codificação posicional senoidal,
passam por um encoder Transformer com máscara de padding e são resumidos por uma média
que ignora o padding. A tarefa sintética é detectar se um token "gatilho" aparece na
frase: só dá para acertar olhando a sequência inteira.
"""

# --8<-- [start:model]
import math

import torch
from torch import nn


class PositionalEncoding(nn.Module):
    """Codificação posicional senoidal (Vaswani et al., 2017), sem parâmetros.

    Args:
        d_model: dimensão dos embeddings (par).
        max_len: maior comprimento de sequência aceito.
    """

    def __init__(self, d_model: int, max_len: int = 512) -> None:
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(
            torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model)
        )
        pe = torch.zeros(max_len, d_model)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        # Buffer: acompanha `.to(device)`, mas não é treinado nem salvo no state_dict.
        self.register_buffer("pe", pe, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Soma a posição de cada token a `x` de forma `(N, T, d_model)`.

        Raises:
            ValueError: se `T` passar de `max_len`.
        """
        if x.size(1) > self.pe.size(0):
            raise ValueError(
                f"sequência de {x.size(1)} tokens excede max_len={self.pe.size(0)}"
            )
        return x + self.pe[: x.size(1)]


class TransformerTextClassifier(nn.Module):
    """Classificador de sequências de tokens com um encoder Transformer.

    Args:
        vocab_size: número de tokens do vocabulário (inclui o de padding).
        num_classes: número de classes de saída.
        d_model: dimensão interna do Transformer.
        nhead: cabeças de atenção (`d_model` deve ser múltiplo de `nhead`).
        num_layers: camadas do encoder.
        dim_feedforward: largura da MLP de cada camada.
        dropout: dropout do encoder (desligado em `eval()`).
        max_len: maior comprimento de sequência aceito.
        pad_id: id do token de padding; posições com ele são ignoradas.
    """

    def __init__(
        self,
        vocab_size: int,
        num_classes: int,
        d_model: int = 32,
        nhead: int = 4,
        num_layers: int = 2,
        dim_feedforward: int = 64,
        dropout: float = 0.1,
        max_len: int = 128,
        pad_id: int = 0,
    ) -> None:
        super().__init__()
        self.pad_id = pad_id
        self.d_model = d_model
        self.embedding = nn.Embedding(vocab_size, d_model, padding_idx=pad_id)
        self.positional = PositionalEncoding(d_model, max_len)
        layer = nn.TransformerEncoderLayer(
            d_model,
            nhead,
            dim_feedforward,
            dropout,
            batch_first=True,  # entradas (N, T, d_model); o padrão é (T, N, d_model)
            norm_first=True,  # pre-LN: treino mais estável que o post-LN original
        )
        # Com norm_first=True o atalho de "nested tensors" não se aplica, e o padrão
        # enable_nested_tensor=True só geraria um UserWarning dizendo isso. Desligar
        # é explícito e não muda o resultado.
        self.encoder = nn.TransformerEncoder(
            layer,
            num_layers,
            norm=nn.LayerNorm(d_model),
            enable_nested_tensor=False,
        )
        self.head = nn.Linear(d_model, num_classes)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """Calcula os logits de um lote de sequências.

        Args:
            tokens: ids `(N, T)` do tipo `long`, completados com `pad_id` à direita.

        Returns:
            Logits `(N, num_classes)`.

        Raises:
            ValueError: se `tokens` não for 2-D ou se alguma sequência for só padding.
        """
        if tokens.dim() != 2:
            raise ValueError(f"tokens deve ser (N, T), recebeu {tuple(tokens.shape)}")
        padding_mask = tokens == self.pad_id  # True = posição a ignorar
        if padding_mask.all(dim=1).any():
            raise ValueError("cada sequência precisa de ao menos um token real")
        x = self.embedding(tokens) * math.sqrt(self.d_model)
        x = self.positional(x)
        # A máscara impede que a atenção olhe para o padding.
        x = self.encoder(x, src_key_padding_mask=padding_mask)
        # Média só sobre tokens reais: mais padding não muda o resumo da frase.
        keep = (~padding_mask).unsqueeze(-1).to(x.dtype)
        pooled = (x * keep).sum(dim=1) / keep.sum(dim=1)
        return self.head(pooled)


# --8<-- [end:model]

# --8<-- [start:data-and-training]
import torch
import torch.nn.functional as F
from torch import nn


def make_trigger_dataset(
    n: int,
    vocab_size: int = 16,
    min_len: int = 4,
    max_len: int = 12,
    trigger_id: int = 1,
    pad_id: int = 0,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Gera frases sintéticas; o rótulo é 1 quando o token `trigger_id` aparece.

    Args:
        n: número de frases.
        vocab_size: tamanho do vocabulário; tokens comuns vão de 2 a `vocab_size - 1`.
        min_len: menor comprimento de frase.
        max_len: maior comprimento (as frases são completadas até ele com `pad_id`).
        trigger_id: token cuja presença define a classe 1.
        pad_id: token de padding.
        seed: semente do gerador (dados reproduzíveis).

    Returns:
        `(tokens, labels)`: `tokens` `(n, max_len)` `long` e `labels` `(n,)` `long`,
        metade de cada classe em média.
    """
    g = torch.Generator().manual_seed(seed)
    lengths = torch.randint(min_len, max_len + 1, (n,), generator=g)
    tokens = torch.randint(2, vocab_size, (n, max_len), generator=g)
    labels = torch.randint(0, 2, (n,), generator=g)
    for i in range(n):
        length = int(lengths[i])
        if labels[i] == 1:  # coloca o gatilho numa posição qualquer da frase
            tokens[i, int(torch.randint(0, length, (1,), generator=g))] = trigger_id
        tokens[i, length:] = pad_id
    return tokens, labels


def train_text_classifier(
    model: nn.Module,
    tokens: torch.Tensor,
    labels: torch.Tensor,
    epochs: int = 12,
    batch_size: int = 64,
    lr: float = 3e-3,
    device: torch.device | None = None,
    seed: int = 0,
) -> list[float]:
    """Treina com AdamW e entropia cruzada em lotes embaralhados.

    Args:
        model: o classificador (movido para `device`).
        tokens: ids `(N, T)`.
        labels: classes `(N,)`.
        epochs: passadas sobre os dados.
        batch_size: tamanho do lote.
        lr: taxa de aprendizado.
        device: onde treinar; `None` escolhe CUDA quando houver.
        seed: semente do embaralhamento.

    Returns:
        A perda média de cada época.
    """
    if device is None:
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    history = []
    for _ in range(epochs):
        order = torch.randperm(len(tokens), generator=g)
        total = 0.0
        for start in range(0, len(tokens), batch_size):
            idx = order[start : start + batch_size]
            x, y = tokens[idx].to(device), labels[idx].to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        history.append(total / len(tokens))
    return history


@torch.inference_mode()
def accuracy(model: nn.Module, tokens: torch.Tensor, labels: torch.Tensor) -> float:
    """Fração de acertos do modelo (em modo `eval`) sobre `tokens`."""
    model.eval()
    device = next(model.parameters()).device
    predicted = model(tokens.to(device)).argmax(dim=1).cpu()
    return (predicted == labels).float().mean().item()


# --8<-- [end:data-and-training]


def main() -> None:
    """Treina o classificador, mede a acurácia e mostra que o padding não interfere."""
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_x, train_y = make_trigger_dataset(512, seed=0)
    test_x, test_y = make_trigger_dataset(256, seed=1)
    model = TransformerTextClassifier(vocab_size=16, num_classes=2)
    history = train_text_classifier(model, train_x, train_y, device=device)
    print(f"perda na 1ª época: {history[0]:.4f}")
    print(f"perda na última época: {history[-1]:.4f}")
    print(f"acurácia em dados novos: {accuracy(model, test_x, test_y):.3f}")

    sentence = test_x[:1]
    padded = F.pad(sentence, (0, 8), value=0)  # 8 tokens de padding a mais
    with torch.inference_mode():
        a, b = model(sentence.to(device)), model(padded.to(device))
    print(f"formas: {tuple(sentence.shape)} e {tuple(padded.shape)}")
    print(f"maior diferença nos logits: {(a - b).abs().max().item():.1e}")


if __name__ == "__main__":
    main()
