import os

import pytest
import torch

from scripts.verification.site import torch_older_than
from snippets.practices import dataloader as dataloader_module
from snippets.practices.dataloader import (
    SquaresDataset,
    default_num_workers,
    make_dataloader,
)


def test_spawned_workers_see_every_item_exactly_once():
    # "spawn" é o método do Windows e do macOS: cada worker importa este pacote do
    # zero, o que só funciona porque SquaresDataset é importável do módulo.
    loader = make_dataloader(
        SquaresDataset(12),
        batch_size=3,
        num_workers=2,
        multiprocessing_context="spawn",
        generator=torch.Generator().manual_seed(0),
    )
    xs, ys = [], []
    for x, y in loader:
        xs += x.tolist()
        ys += y.tolist()
    assert sorted(xs) == list(range(12))
    assert ys == [x**2 for x in xs]
    assert xs != list(range(12))  # embaralhado


def test_workers_are_bounded_by_the_available_cpus(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert default_num_workers() == 2
    monkeypatch.setattr(
        os, "sched_getaffinity", lambda pid: set(range(64)), raising=False
    )
    assert default_num_workers() == 4


def test_fallback_without_sched_getaffinity(monkeypatch):
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert default_num_workers() == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert default_num_workers() == 4
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert default_num_workers() == 3


def test_default_loader_uses_the_bounded_worker_count():
    loader = make_dataloader(
        SquaresDataset(8), batch_size=4, shuffle=False, num_workers=0
    )
    assert loader.num_workers == 0
    assert [x.tolist() for x, _ in loader] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert make_dataloader(SquaresDataset(8)).num_workers == default_num_workers()


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(dataloader_module)
    assert "cada item visto uma vez: True" in out


def test_pin_memory_without_an_accelerator_only_warns_and_pins_nothing():
    if torch.accelerator.is_available():
        pytest.skip("há acelerador: pin_memory=True funciona de verdade aqui")
    dataset = SquaresDataset(4)
    loader = torch.utils.data.DataLoader(dataset, batch_size=2, pin_memory=True)
    if torch_older_than(torch.__version__, "2.7"):
        batch = next(iter(loader))  # antes do 2.7, em silêncio (registro do 2.6.0)
    else:
        with pytest.warns(UserWarning, match="no accelerator is found"):
            batch = next(iter(loader))
    assert not batch[0].is_pinned()
    # make_dataloader só liga pin_memory quando há CUDA: aqui, nenhum aviso.
    assert make_dataloader(dataset, batch_size=2, num_workers=0).pin_memory is False


def test_errata_workers_without_main_guard_fail_under_spawn(tmp_path):
    # O trecho do perfil, sem a guarda `if __name__ == "__main__":`, forçando spawn.
    import subprocess
    import sys

    script = tmp_path / "sem_guarda.py"
    script.write_text(
        "import multiprocessing as mp\n"
        "from torch.utils.data import DataLoader\n"
        "mp.set_start_method('spawn', force=True)\n"
        "for _ in DataLoader(list(range(4)), batch_size=2, num_workers=1):\n"
        "    pass\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode != 0
    stderr = " ".join(run.stderr.split())  # a mensagem vem quebrada em linhas
    assert (
        "An attempt has been made to start a new process before the current "
        "process has finished its bootstrapping phase." in stderr
    )
    assert "exited unexpectedly" in stderr
