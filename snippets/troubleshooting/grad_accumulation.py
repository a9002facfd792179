"""Solução de problemas: "CUDA out of memory" com lote menor e acumulação de gradientes.

Corrige o laço do perfil original, que (1) usava `dataloader`, `model`, `criterion` e
`optimizer` sem defini-los e (2) deixava gradientes acumulados e nunca aplicados quando
o número de lotes não é múltiplo de `accumulation_steps`: com 10 lotes e 4 passos, os
dois últimos lotes somavam gradiente que vazava para a época seguinte.
"""

# --8<-- [start:grad-accumulation]
import torch
from torch import nn
from torch.utils.data import DataLoader


def train_with_accumulation(
    model: nn.Module,
    dataloader: DataLoader,
    criterion: nn.Module,
    optimizer: torch.optim.Optimizer,
    accumulation_steps: int = 4,
) -> int:
    """Treina uma época somando os gradientes de vários lotes antes de cada passo.

    Cada grupo de `accumulation_steps` lotes vira um passo do otimizador, com o mesmo
    gradiente que um único lote do tamanho do grupo inteiro daria. O último grupo pode
    ser menor (10 lotes em grupos de 4 formam grupos de 4, 4 e 2): a perda de cada lote
    é dividida pelo número de lotes **do seu grupo**, e não sempre por
    `accumulation_steps`, para que o grupo parcial também tenha o gradiente da sua
    média. Supõe lotes do mesmo tamanho (use `drop_last=True` no `DataLoader` se o
    tamanho do dataset não for múltiplo de `batch_size`) e um `criterion` com
    `reduction="mean"`.

    Args:
        model: o modelo; os lotes são levados para o dispositivo dos seus parâmetros.
        dataloader: fonte dos lotes `(data, target)`; precisa ter `len()`.
        criterion: função de perda com média no lote.
        optimizer: otimizador dos parâmetros do modelo.
        accumulation_steps: quantos lotes somar antes de cada passo.

    Returns:
        Quantos passos do otimizador foram dados:
        `ceil(len(dataloader) / accumulation_steps)`.

    Raises:
        ValueError: se `accumulation_steps` for menor que 1.
    """
    if accumulation_steps < 1:
        raise ValueError(
            f"accumulation_steps deve ser >= 1, recebeu {accumulation_steps}"
        )
    device = next(model.parameters()).device
    num_batches = len(dataloader)
    model.train()
    optimizer.zero_grad(set_to_none=True)
    steps = 0
    for i, (data, target) in enumerate(dataloader):
        data, target = data.to(device), target.to(device)
        group_start = i - i % accumulation_steps
        group_size = min(accumulation_steps, num_batches - group_start)  # 4, 4, 2
        output = model(data)
        loss = criterion(output, target) / group_size
        loss.backward()  # soma ao .grad que já existe
        # Fecha o grupo a cada `accumulation_steps` lotes e também no último lote.
        if (i + 1) % accumulation_steps == 0 or (i + 1) == num_batches:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)  # nada sobra para a próxima época
            steps += 1
    return steps


# --8<-- [end:grad-accumulation]


def main() -> None:
    """Lotes de 16 com 4 passos de acumulação: o mesmo gradiente de lotes de 64."""
    from torch.utils.data import TensorDataset

    torch.manual_seed(0)
    X = torch.randn(160, 8)
    y = (X.sum(dim=1) > 0).long()
    batch_size = 16  # em vez de 64: cabe em menos memória
    accumulation_steps = 4
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    steps = train_with_accumulation(
        model, loader, nn.CrossEntropyLoss(), optimizer, accumulation_steps
    )
    leftover = [p.grad for p in model.parameters() if p.grad is not None]
    print(f"lotes por época: {len(loader)} de {batch_size} exemplos")
    effective = batch_size * accumulation_steps
    print(f"lote efetivo: {batch_size} x {accumulation_steps} = {effective}")
    print(f"passos do otimizador: {steps} (grupos de 4, 4 e 2 lotes)")
    print(f"gradientes sobrando depois do laço: {len(leftover)}")


if __name__ == "__main__":
    main()
