"""Reinforcement Learning: REINFORCE com baseline num corredor de duas saídas.

O ambiente é escrito aqui mesmo (sem gymnasium): um corredor em que a saída da
esquerda fica a um passo e paga pouco, e a da direita fica longe e paga muito. Uma
política aleatória quase sempre sai pela esquerda; o agente aprende a ir para a direita.
"""


# --8<-- [start:environment]
class TwoExitCorridor:
    """Corredor de `length` casas com uma saída em cada ponta.

    O agente começa na casa `start`. A ação 0 anda para a esquerda e a 1 para a
    direita. Chegar à casa 0 paga `near_reward`; chegar à última paga `far_reward`;
    qualquer outro passo paga 0. O episódio termina numa saída ou após `max_steps`.

    Args:
        length: número de casas (≥ 3).
        start: casa inicial, entre as duas saídas.
        max_steps: limite de passos por episódio.
        near_reward: recompensa da saída da esquerda (perto do início).
        far_reward: recompensa da saída da direita (longe do início).

    Raises:
        ValueError: se `start` não estiver estritamente entre as saídas.
    """

    def __init__(
        self,
        length: int = 7,
        start: int = 1,
        max_steps: int = 30,
        near_reward: float = 0.1,
        far_reward: float = 1.0,
    ) -> None:
        if not 0 < start < length - 1:
            raise ValueError(
                f"start deve ficar entre 1 e {length - 2}, recebeu {start}"
            )
        self.n_states = length
        self.start = start
        self.max_steps = max_steps
        self.near_reward = near_reward
        self.far_reward = far_reward
        self.position = start
        self.steps = 0

    def reset(self) -> int:
        """Recomeça o episódio e devolve o estado inicial (a casa)."""
        self.position, self.steps = self.start, 0
        return self.position

    def step(self, action: int) -> tuple[int, float, bool]:
        """Aplica uma ação e devolve `(estado, recompensa, terminou)`.

        Raises:
            ValueError: se a ação não for 0 ou 1.
        """
        if action not in (0, 1):
            raise ValueError(f"ação deve ser 0 (esquerda) ou 1 (direita): {action}")
        self.position += 1 if action == 1 else -1
        self.steps += 1
        if self.position == 0:
            return self.position, self.near_reward, True
        if self.position == self.n_states - 1:
            return self.position, self.far_reward, True
        return self.position, 0.0, self.steps >= self.max_steps


# --8<-- [end:environment]

# --8<-- [start:agent]
from typing import Protocol

import torch
import torch.nn.functional as F
from torch import nn


class Environment(Protocol):
    """O que o agente espera de um ambiente (o `TwoExitCorridor` cumpre)."""

    n_states: int

    def reset(self) -> int: ...

    def step(self, action: int) -> tuple[int, float, bool]: ...


class ActorCritic(nn.Module):
    """Rede com duas cabeças: a política (logits das ações) e o valor do estado.

    Args:
        n_states: número de estados (entrada one-hot).
        n_actions: número de ações.
        hidden: largura da camada oculta compartilhada.
    """

    def __init__(self, n_states: int, n_actions: int = 2, hidden: int = 32) -> None:
        super().__init__()
        self.n_states = n_states
        self.body = nn.Sequential(nn.Linear(n_states, hidden), nn.Tanh())
        self.policy = nn.Linear(hidden, n_actions)
        self.value = nn.Linear(hidden, 1)

    def forward(self, states: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Recebe estados inteiros `(N,)`; devolve logits `(N, A)` e valores `(N,)`."""
        h = self.body(F.one_hot(states, self.n_states).float())
        return self.policy(h), self.value(h).squeeze(1)


def run_episode(
    env: Environment, model: ActorCritic | None, generator: torch.Generator
) -> tuple[list[int], list[int], list[float]]:
    """Joga um episódio sem gradiente. `model=None` é a política aleatória uniforme.

    Returns:
        `(states, actions, rewards)`: listas com um item por passo.
    """
    states, actions, rewards = [], [], []
    state, done = env.reset(), False
    while not done:
        if model is None:
            probs = torch.full((2,), 0.5)
        else:
            device = next(model.parameters()).device
            with torch.no_grad():
                logits, _ = model(torch.tensor([state], device=device))
            probs = logits.softmax(dim=1)[0].cpu()
        # Sorteio num gerador de CPU semeado: episódios reproduzíveis em CPU e GPU.
        action = int(torch.multinomial(probs, 1, generator=generator))
        next_state, reward, done = env.step(action)
        states.append(state)
        actions.append(action)
        rewards.append(reward)
        state = next_state
    return states, actions, rewards


def discounted_returns(rewards: list[float], gamma: float) -> torch.Tensor:
    """Retorno descontado de cada passo: G_t = r_t + gamma * G_{t+1}."""
    returns, running = [], 0.0
    for reward in reversed(rewards):
        running = reward + gamma * running
        returns.append(running)
    return torch.tensor(returns[::-1])


def train_reinforce(
    env: Environment,
    model: ActorCritic,
    updates: int = 60,
    episodes_per_update: int = 8,
    gamma: float = 0.95,
    lr: float = 1e-2,
    entropy_coef: float = 0.01,
    device: torch.device | None = None,
    seed: int = 0,
) -> list[float]:
    """Treina com REINFORCE usando o valor aprendido como baseline.

    A cada atualização, joga alguns episódios com a política atual e reforça cada
    ação na medida da vantagem `G_t - V(s_t)`: quanto o retorno superou o esperado.
    O baseline não muda o gradiente esperado, só reduz sua variância.

    Args:
        env: ambiente com `reset()` e `step(action)`.
        model: a rede ator-crítico (movida para `device`).
        updates: número de passos do otimizador.
        episodes_per_update: episódios jogados por passo.
        gamma: fator de desconto.
        lr: taxa de aprendizado do Adam.
        entropy_coef: peso do bônus de entropia (mantém a exploração no começo).
        device: onde treinar; `None` escolhe CUDA quando houver.
        seed: semente dos sorteios de ação.

    Returns:
        O retorno médio (sem desconto) dos episódios de cada atualização.
    """
    if device is None:
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    history = []
    for _ in range(updates):
        states, actions, returns, totals = [], [], [], []
        for _ in range(episodes_per_update):
            s, a, r = run_episode(env, model, generator)
            states += s
            actions += a
            returns.append(discounted_returns(r, gamma))
            totals.append(sum(r))
        states_t = torch.tensor(states, device=device)
        actions_t = torch.tensor(actions, device=device)
        returns_t = torch.cat(returns).to(device)
        # Um único forward sobre todos os passos jogados, agora com gradiente.
        logits, values = model(states_t)
        log_probs = logits.log_softmax(dim=1)
        chosen = log_probs.gather(1, actions_t.unsqueeze(1)).squeeze(1)
        advantage = returns_t - values.detach()
        entropy = -(log_probs.exp() * log_probs).sum(dim=1).mean()
        loss = (
            -(chosen * advantage).mean()
            + 0.5 * F.mse_loss(values, returns_t)
            - entropy_coef * entropy
        )
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        history.append(sum(totals) / len(totals))
    return history


def evaluate(
    env: Environment, model: ActorCritic | None, episodes: int = 200, seed: int = 1
) -> float:
    """Retorno médio (sem desconto) de `episodes` episódios; `None` = aleatória."""
    generator = torch.Generator().manual_seed(seed)
    if model is not None:
        model.eval()
    total = sum(sum(run_episode(env, model, generator)[2]) for _ in range(episodes))
    return total / episodes


# --8<-- [end:agent]


def main() -> None:
    """Compara a política aleatória com a treinada no corredor de duas saídas."""
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    env = TwoExitCorridor()
    model = ActorCritic(env.n_states)
    history = train_reinforce(env, model, device=device)
    print(f"retorno médio da política aleatória: {evaluate(env, None):.3f}")
    print(f"retorno médio nas primeiras atualizações: {sum(history[:5]) / 5:.3f}")
    print(f"retorno médio nas últimas atualizações: {sum(history[-5:]) / 5:.3f}")
    print(f"retorno médio da política treinada: {evaluate(env, model):.3f}")


if __name__ == "__main__":
    main()
