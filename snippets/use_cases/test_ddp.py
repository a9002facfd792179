import pytest
import torch

from snippets.use_cases import ddp
from snippets.use_cases.ddp import find_free_port, run_ddp, run_single_process

# Com `pytest -n 2 --dist loadgroup`, os testes do fixture abaixo ficam num worker só:
# os dois processos rodam uma vez, não uma vez por worker.
pytestmark = pytest.mark.xdist_group("ddp")


@pytest.fixture(scope="module")
def gloo_states():
    """Dois processos custam alguns segundos (cada um importa o torch): uma vez só."""
    return run_ddp(world_size=2, backend="gloo", lr=0.1)


def test_both_processes_end_with_identical_parameters(gloo_states):
    first, second = gloo_states
    assert first.keys() == second.keys() and len(first) == 4
    for name in first:
        assert torch.equal(first[name], second[name]), name


def test_ddp_step_equals_single_process_step_on_the_full_batch(gloo_states):
    reference = run_single_process(lr=0.1)
    initial = ddp.make_model().state_dict()
    for name, value in reference.items():
        torch.testing.assert_close(gloo_states[0][name], value)
        assert not torch.equal(value, initial[name])  # o passo mudou os pesos


def test_free_port_is_a_loopback_port():
    port = find_free_port()
    assert 1024 <= port <= 65535


@pytest.mark.gpu
def test_nccl_single_gpu_process_matches_single_process_on_cuda():
    states = run_ddp(world_size=1, backend="nccl", lr=0.1)
    reference = run_single_process(lr=0.1, device=torch.device("cuda"))
    for name, value in reference.items():
        torch.testing.assert_close(states[0][name], value)


def test_main_prints_what_the_page_shows(printed_output, monkeypatch, gloo_states):
    # main() lançaria outros dois processos: reaproveita os do fixture (mesmos
    # argumentos de main) para checar só o que é impresso.
    monkeypatch.setattr(ddp, "run_ddp", lambda **kwargs: gloo_states)
    out = printed_output(ddp)
    assert "pesos idênticos nos dois processos: True" in out


def test_distributed_sampler_slices_by_rank_and_needs_set_epoch_to_reshuffle():
    from torch.utils.data.distributed import DistributedSampler

    data = list(range(10))
    # shuffle=False: o processo `rank` fica com rank, rank + world_size, ...
    slices = [
        list(DistributedSampler(data, num_replicas=2, rank=r, shuffle=False))
        for r in (0, 1)
    ]
    assert slices == [[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]]
    # shuffle=True: sem set_epoch, toda época repete a ordem.
    sampler = DistributedSampler(data, num_replicas=2, rank=0, shuffle=True, seed=0)
    first = list(sampler)
    assert list(sampler) == first
    sampler.set_epoch(1)
    assert list(sampler) != first
