"""Boa prática 4: precisão mista com `torch.amp`, em GPU e em CPU.

O perfil original importava `autocast` e `GradScaler` de `torch.cuda.amp` (obsoleto:
`FutureWarning`), só funcionava em CUDA, era desligado em silêncio na CPU e nunca
movia `data` e `target` para a GPU. Aqui o tipo reduzido e o `GradScaler` dependem de
`device.type`: float16 com scaler em CUDA, bfloat16 sem scaler nos demais.
"""

# --8<-- [start:mixed-precision]
import torch
from torch import nn
from torch.utils.data import DataLoader


def amp_settings(device: torch.device) -> tuple[torch.dtype, torch.amp.GradScaler]:
    """Escolhe o tipo do autocast e o `GradScaler` para o dispositivo.

    float16 tem pouca faixa de expoente: gradientes pequenos viram zero, e o
    `GradScaler` multiplica a perda antes do `backward` para evitar isso. bfloat16 tem
    a mesma faixa do float32 e dispensa o scaler (que fica desligado e vira um
    repasse).

    Args:
        device: onde o treino vai rodar.

    Returns:
        `(dtype, scaler)`: `(float16, scaler ativo)` em CUDA, `(bfloat16, scaler
        desligado)` nos demais.
    """
    dtype = torch.float16 if device.type == "cuda" else torch.bfloat16
    scaler = torch.amp.GradScaler(device.type, enabled=device.type == "cuda")
    return dtype, scaler


def train_epoch_amp(
    model: nn.Module,
    dataloader: DataLoader,
    optimizer: torch.optim.Optimizer,
    criterion: nn.Module,
    device: torch.device,
    dtype: torch.dtype,
    scaler: torch.amp.GradScaler,
) -> list[float]:
    """Uma época de treino com autocast.

    Args:
        model: o modelo, já em `device` e em float32 (o autocast não muda os pesos).
        dataloader: fonte dos lotes `(data, target)`.
        optimizer: o otimizador.
        criterion: a função de perda.
        device: dispositivo do modelo; os lotes são levados para ele.
        dtype: tipo reduzido do autocast (de `amp_settings`).
        scaler: o `GradScaler` (de `amp_settings`).

    Returns:
        A perda de cada lote.
    """
    model.train()
    losses = []
    for data, target in dataloader:
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad(set_to_none=True)
        # Só o forward e a perda ficam no autocast; o backward usa os mesmos tipos.
        with torch.amp.autocast(device_type=device.type, dtype=dtype):
            output = model(data)
            loss = criterion(output, target)
        scaler.scale(loss).backward()
        scaler.step(optimizer)  # desfaz a escala; pula o passo se houver inf/nan
        scaler.update()
        losses.append(loss.item())
    return losses


# --8<-- [end:mixed-precision]


def main() -> None:
    """Treina duas épocas em precisão mista no dispositivo disponível."""
    from torch.utils.data import TensorDataset

    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    X = torch.randn(256, 16)
    y = (X[:, :4].sum(dim=1) > 0).long()
    loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
    model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 2)).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    dtype, scaler = amp_settings(device)
    for epoch in range(1, 3):
        losses = train_epoch_amp(
            model, loader, optimizer, nn.CrossEntropyLoss(), device, dtype, scaler
        )
        print(f"época {epoch}: perda média {sum(losses) / len(losses):.4f}")
    # Não imprime o tipo nem o dispositivo: a saída tem a mesma forma em CPU e GPU.
    print(
        f"pesos continuam em float32: {next(model.parameters()).dtype == torch.float32}"
    )


if __name__ == "__main__":
    main()
