"""Template: inferência simples a partir de pesos salvos como `state_dict`.

Corrige o template do perfil original, que carregava o modelo inteiro com
`torch.load('model.pth')` (bloqueado pelo padrão `weights_only=True` desde o torch 2.6,
e sem `map_location`) e montava a entrada com `torch.FloatTensor({input_data})`, em que
`{input_data}` é um *set* do Python, não uma lista.
"""

# --8<-- [start:inference]
from pathlib import Path

import torch
from torch import nn


class MyModel(nn.Module):
    """Classificador pequeno: `in_features` entradas, `num_classes` saídas.

    Args:
        in_features: número de atributos de cada exemplo.
        num_classes: número de classes (tamanho da saída).
    """

    def __init__(self, in_features: int = 4, num_classes: int = 3) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_features, 16),
            nn.ReLU(),
            nn.Linear(16, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Devolve os logits, de forma `(lote, num_classes)`."""
        return self.net(x)


def save_weights(model: nn.Module, path: str | Path) -> None:
    """Salva só os pesos do modelo (o `state_dict`), não o objeto Python inteiro.

    Args:
        model: o modelo treinado.
        path: arquivo de destino, por exemplo `model.pth`.
    """
    torch.save(model.state_dict(), path)


def load_model(path: str | Path, device: str | torch.device = "cpu") -> MyModel:
    """Recria a arquitetura e carrega nela os pesos salvos, pronta para inferência.

    Args:
        path: arquivo gravado por `save_weights`.
        device: onde o modelo vai rodar. `map_location` leva os tensores direto
            para lá, mesmo que o arquivo tenha sido salvo em uma GPU que esta
            máquina não tem.

    Returns:
        O modelo em modo de avaliação (`eval()`), no dispositivo pedido.

    Raises:
        pickle.UnpicklingError: se o arquivo não contiver só tensores e tipos simples
            (por exemplo, um modelo inteiro salvo com `torch.save(model)` ou um pickle
            malicioso). `weights_only=True` recusa o arquivo sem executar nada dele.
    """
    model = MyModel()
    # weights_only=True: só tensores, números, strings, listas e dicionários.
    # É o padrão desde o torch 2.6; deixar explícito documenta a intenção.
    state_dict = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(state_dict)
    model.to(device)
    model.eval()  # desliga o dropout; a BatchNorm usa as estatísticas acumuladas
    return model


def predict(
    model: nn.Module, input_data: list[list[float]] | torch.Tensor
) -> torch.Tensor:
    """Classifica um lote de exemplos.

    Args:
        model: modelo já carregado (ver `load_model`).
        input_data: lista de listas, array NumPy ou tensor, de forma
            `(lote, in_features)`.

    Returns:
        Tensor `int64` com a classe prevista de cada exemplo.
    """
    device = next(model.parameters()).device
    # inference_mode: como no_grad, mas também dispensa o controle de versões dos
    # tensores; mais rápido quando nada do resultado vai para o autograd.
    with torch.inference_mode():
        input_tensor = torch.as_tensor(input_data, dtype=torch.float32, device=device)
        output = model(input_tensor)
        prediction = torch.argmax(output, dim=1)
    return prediction


# --8<-- [end:inference]


def main() -> None:
    """Salva um modelo, recarrega-o como faria um serviço de inferência e classifica."""
    import tempfile

    torch.manual_seed(0)
    trained = MyModel()  # no mundo real: um modelo treinado
    input_data = [[0.5, -1.0, 2.0, 0.0], [1.5, 0.3, -0.7, 1.0]]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.pth"
        save_weights(trained, path)
        model = load_model(path, device="cpu")
    print(f"modo de avaliação: {not model.training}")
    print(f"classes previstas: {predict(model, input_data).tolist()}")
    same = torch.equal(predict(trained.eval(), input_data), predict(model, input_data))
    print(f"igual ao modelo original: {same}")


if __name__ == "__main__":
    main()
