"""Time Series com LSTMs: previsão de uma senoide ruidosa com `nn.LSTM`.

A série é cortada em janelas deslizantes (`window` passos de entrada, `horizon` passos
a prever). A LSTM lê cada janela em ordem e, do último estado oculto, prevê os
próximos valores. A referência a bater é a previsão ingênua: repetir o último valor.
"""

# --8<-- [start:data]
import math

import torch


def noisy_sine(
    n_steps: int, period: float = 20.0, noise: float = 0.1, seed: int = 0
) -> torch.Tensor:
    """Gera `sin(2πt / period)` mais ruído gaussiano, como tensor `(n_steps,)`."""
    g = torch.Generator().manual_seed(seed)
    t = torch.arange(n_steps, dtype=torch.float32)
    return torch.sin(2 * math.pi * t / period) + noise * torch.randn(
        n_steps, generator=g
    )


def make_windows(
    series: torch.Tensor, window: int, horizon: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Corta uma série 1-D em pares (janela, futuro) deslizando um passo por vez.

    Args:
        series: série `(T,)`.
        window: passos de entrada de cada exemplo.
        horizon: passos seguintes a prever.

    Returns:
        `(X, y)` com `X` `(N, window, 1)` (lote primeiro, um atributo) e `y`
        `(N, horizon)`, onde `N = T - window - horizon + 1`.

    Raises:
        ValueError: se a série for curta demais para uma janela.
    """
    n = len(series) - window - horizon + 1
    if series.dim() != 1 or n < 1:
        raise ValueError(
            f"série 1-D com ao menos {window + horizon} passos esperada, "
            f"recebeu forma {tuple(series.shape)}"
        )
    # unfold cria todas as fatias de tamanho window + horizon sem laço em Python.
    slices = series.unfold(0, window + horizon, 1)
    return slices[:, :window].unsqueeze(-1), slices[:, window:]


# --8<-- [end:data]

# --8<-- [start:model]
import torch
import torch.nn.functional as F
from torch import nn


class LSTMForecaster(nn.Module):
    """LSTM batch-first que prevê `horizon` passos a partir de uma janela.

    Args:
        input_size: atributos por passo (1 para uma série univariada).
        hidden_size: tamanho do estado oculto.
        horizon: quantos passos prever.
        num_layers: camadas empilhadas da LSTM.
    """

    def __init__(
        self,
        input_size: int = 1,
        hidden_size: int = 32,
        horizon: int = 3,
        num_layers: int = 1,
    ) -> None:
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, horizon)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Recebe `(N, T, F)` e devolve a previsão `(N, horizon)`.

        Raises:
            ValueError: se a entrada não for 3-D (esqueceu a dimensão dos atributos?).
        """
        if x.dim() != 3:
            raise ValueError(
                f"entrada deve ser (N, T, F) com batch_first=True, "
                f"recebeu {tuple(x.shape)}"
            )
        output, _ = self.lstm(x)  # output: (N, T, hidden_size)
        return self.head(output[:, -1])  # o último passo resume a janela


def train_forecaster(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    epochs: int = 30,
    batch_size: int = 64,
    lr: float = 1e-2,
    device: torch.device | None = None,
    seed: int = 0,
) -> list[float]:
    """Treina com Adam e erro quadrático médio em lotes embaralhados.

    Returns:
        A perda média de cada época.
    """
    if device is None:
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    history = []
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=g)
        total = 0.0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            xb, yb = X[idx].to(device), y[idx].to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = F.mse_loss(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        history.append(total / len(X))
    return history


@torch.inference_mode()
def evaluate_mse(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> float:
    """MSE do modelo (em modo `eval`) sobre `(X, y)`."""
    model.eval()
    device = next(model.parameters()).device
    return F.mse_loss(model(X.to(device)).cpu(), y).item()


def naive_mse(X: torch.Tensor, y: torch.Tensor) -> float:
    """MSE da previsão ingênua: repetir o último valor observado da janela."""
    last = X[:, -1, 0].unsqueeze(1).expand_as(y)
    return F.mse_loss(last, y).item()


# --8<-- [end:model]


def main() -> None:
    """Treina nos primeiros 80% da série e compara com a previsão ingênua no resto."""
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    series = noisy_sine(600)
    # Divisão cronológica: o teste é o futuro, nunca misturado ao treino.
    split = int(len(series) * 0.8)
    X_train, y_train = make_windows(series[:split], window=24, horizon=3)
    X_test, y_test = make_windows(series[split:], window=24, horizon=3)
    print(f"janelas de treino: X {tuple(X_train.shape)}, y {tuple(y_train.shape)}")
    model = LSTMForecaster(horizon=3)
    history = train_forecaster(model, X_train, y_train, device=device)
    print(f"perda de treino: {history[0]:.4f} -> {history[-1]:.4f}")
    print(f"MSE da LSTM no teste: {evaluate_mse(model, X_test, y_test):.4f}")
    print(f"MSE ingênuo no teste: {naive_mse(X_test, y_test):.4f}")


if __name__ == "__main__":
    main()
