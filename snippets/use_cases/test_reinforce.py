import pytest
import torch

from snippets.use_cases import reinforce
from snippets.use_cases.reinforce import (
    ActorCritic,
    TwoExitCorridor,
    discounted_returns,
    evaluate,
    run_episode,
    train_reinforce,
)


def test_corridor_rules():
    env = TwoExitCorridor(length=5, start=1)
    assert env.reset() == 1
    assert env.step(0) == (0, 0.1, True)  # saída perto: um passo, pouca recompensa
    env.reset()
    assert [env.step(1) for _ in range(3)] == [
        (2, 0.0, False),
        (3, 0.0, False),
        (4, 1.0, True),
    ]


def test_default_corridor_as_the_page_describes_it():
    # 7 casas, começa na 1: a saída da esquerda a um passo paga 0,1; a da direita,
    # a cinco passos, paga 1,0.
    env = TwoExitCorridor()
    assert env.reset() == 1
    assert env.step(0) == (0, 0.1, True)
    env.reset()
    moves = [env.step(1) for _ in range(5)]
    assert [done for _, _, done in moves] == [False] * 4 + [True]
    assert moves[-1] == (6, 1.0, True)
    assert sum(r for _, r, _ in moves) == 1.0


def test_episode_ends_at_max_steps():
    env = TwoExitCorridor(length=7, start=3, max_steps=4)
    env.reset()
    moves = [env.step(a) for a in (1, 0, 1, 0)]
    assert [done for _, _, done in moves] == [False, False, False, True]


def test_bad_arguments_fail_loudly():
    with pytest.raises(ValueError, match="start"):
        TwoExitCorridor(length=5, start=4)
    with pytest.raises(ValueError, match="ação"):
        TwoExitCorridor().step(2)


def test_discounted_returns_by_hand():
    torch.testing.assert_close(
        discounted_returns([0.0, 0.0, 1.0], gamma=0.5), torch.tensor([0.25, 0.5, 1.0])
    )


def test_random_episodes_are_reproducible_by_seed():
    env = TwoExitCorridor()
    a = run_episode(env, None, torch.Generator().manual_seed(3))
    b = run_episode(env, None, torch.Generator().manual_seed(3))
    assert a == b


def test_trained_policy_beats_the_random_policy(device):
    torch.manual_seed(0)
    env = TwoExitCorridor()
    model = ActorCritic(env.n_states)
    random_return = evaluate(env, None, episodes=200, seed=1)
    untrained_return = evaluate(env, model, episodes=200, seed=1)
    train_reinforce(env, model, device=device)
    trained_return = evaluate(env, model, episodes=200, seed=1)
    # A aleatória quase sempre pega a saída perto (~0.26); a ótima vale 1.0.
    assert random_return < 0.4 and untrained_return < 0.5
    assert trained_return > 0.9
    assert trained_return > random_return + 0.5


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(reinforce)
    assert "retorno médio da política treinada" in out
