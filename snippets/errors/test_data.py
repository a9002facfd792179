"""Erros de dados: cada reprodução levanta o erro da página; cada correção funciona."""

import functools
import math
import multiprocessing
import pickle
import re
import sys

import pytest
import torch
from torch import nn

from snippets import errors as catalog
from snippets.errors import data


def test_error_raises_the_message_shown(error_entry, raises_entry):
    raises_entry(error_entry)


def test_recorded_messages_are_the_raised_ones(message_record):
    message_record("data")


def test_fixed_target_out_of_bounds():
    assert data.target_out_of_bounds_fixed().item() == pytest.approx(math.log(10))


def test_fixed_batchnorm_one_sample_drops_the_last_batch():
    assert data.batchnorm_one_sample_fixed() == [25, 25, 25, 25]


def test_batchnorm_needs_more_than_one_value_per_channel_not_per_batch():
    # A página: o erro vem de um canal com um valor só (N x H x W = 1), não de um
    # lote de um exemplo. Uma imagem só passa; um mapa 1x1 de uma imagem não.
    stable = catalog.entry("batchnorm-one-sample").stable
    assert nn.BatchNorm2d(8).train()(torch.randn(1, 8, 4, 4)).shape == (1, 8, 4, 4)
    assert nn.BatchNorm1d(16).train()(torch.randn(1, 16, 5)).shape == (1, 16, 5)
    with pytest.raises(ValueError, match=re.escape(stable)):
        nn.BatchNorm2d(8).train()(torch.randn(1, 8, 1, 1))
    with pytest.raises(ValueError, match=re.escape(stable)):
        nn.BatchNorm1d(16).train()(torch.randn(1, 16))
    # Em modo de avaliação, as estatísticas guardadas servem para um exemplo só.
    assert nn.BatchNorm1d(16).eval()(torch.randn(1, 16)).shape == (1, 16)


def test_fixed_collate_pil():
    images, labels = data.collate_pil_fixed()
    assert images.shape == (2, 3, 32, 32) and images.dtype == torch.float32
    assert labels.tolist() == [0, 1]
    assert images[1, 0, 0, 0].item() == pytest.approx(1 / 255)


def test_fixed_worker_pickle_round_trips():
    values = data.worker_pickle_fixed()
    assert [v.item() for v in values] == [0.0, 2.0, 4.0, 6.0]


def test_pickling_a_local_object_raises_the_type_listed_for_this_python():
    # A página e o índice dão o tipo por versão do Python (`by_python`): o Python
    # que roda o teste tem de levantar o tipo que a lista dá para ele.
    entry = catalog.entry("worker-pickle")
    running = sys.version_info[:2]
    listed = [t for v, t in entry.by_python if tuple(map(int, v.split("."))) <= running]
    assert listed, entry.by_python
    with pytest.raises((AttributeError, pickle.PicklingError)) as info:
        pickle.dumps(data.Scaled(torch.arange(4.0)))
    assert catalog.type_name(type(info.value)) == listed[-1] == entry.type_name
    assert entry.stable in str(info.value)


def test_default_start_method_is_the_one_the_page_names():
    # A página: spawn no Windows e no macOS; forkserver no Linux a partir do Python
    # 3.14 (fork antes). O primeiro método da lista é o padrão da plataforma.
    default = multiprocessing.get_all_start_methods()[0]
    if sys.platform in ("win32", "darwin"):
        assert default == "spawn"
    elif sys.platform.startswith("linux"):
        assert default == ("forkserver" if sys.version_info >= (3, 14) else "fork")


def test_module_functions_and_their_partials_pickle_but_lambdas_do_not():
    # A página: funções do nível do módulo (ou `functools.partial` delas) vão para o
    # worker; `lambda` e funções locais não.
    restored = pickle.loads(pickle.dumps(functools.partial(data.double, 3.0)))
    assert restored() == 6.0
    with pytest.raises((AttributeError, pickle.PicklingError)):
        pickle.dumps(lambda x: x * 2)
