import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.use_cases import text_classifier
from snippets.use_cases.text_classifier import (
    TransformerTextClassifier,
    accuracy,
    make_trigger_dataset,
    train_text_classifier,
)


@pytest.fixture(scope="module")
def trained():
    """Treina uma vez por dispositivo e reaproveita nos testes do módulo."""
    cache = {}

    def get(device: torch.device):
        if device.type not in cache:
            torch.manual_seed(0)
            x, y = make_trigger_dataset(512, seed=0)
            model = TransformerTextClassifier(vocab_size=16, num_classes=2)
            history = train_text_classifier(model, x, y, device=device)
            cache[device.type] = (model, history)
        return cache[device.type]

    return get


def test_learns_the_trigger_rule_on_held_out_sentences(trained, device):
    model, history = trained(device)
    assert history[-1] < 0.2 * history[0]
    test_x, test_y = make_trigger_dataset(256, seed=1)
    assert 0.3 < test_y.float().mean() < 0.7  # as duas classes aparecem
    assert accuracy(model, test_x, test_y) >= 0.9


def test_extra_padding_does_not_change_the_logits(trained, device):
    model, _ = trained(device)
    model.eval()
    tokens, _ = make_trigger_dataset(32, seed=2)
    padded = F.pad(tokens, (0, 8), value=0)
    with torch.inference_mode():
        a, b = model(tokens.to(device)), model(padded.to(device))
    assert a.shape == (32, 2)
    torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-4)


def test_padding_mask_is_what_makes_padding_harmless(trained, device):
    # Controle: sem máscara e sem pooling mascarado, o padding muda a saída. Isso
    # mostra que o teste anterior mede algo real.
    model, _ = trained(device)
    model.eval()
    tokens, _ = make_trigger_dataset(8, seed=3)
    padded = F.pad(tokens, (0, 8), value=0)

    def unmasked(t):
        x = model.positional(model.embedding(t) * model.d_model**0.5)
        return model.head(model.encoder(x).mean(dim=1))

    with torch.inference_mode():
        a, b = unmasked(tokens.to(device)), unmasked(padded.to(device))
    assert (a - b).abs().max() > 1e-2


def test_bad_inputs_fail_loudly():
    model = TransformerTextClassifier(vocab_size=16, num_classes=2, max_len=8)
    with pytest.raises(ValueError, match=r"\(N, T\)"):
        model(torch.ones(8, dtype=torch.long))
    with pytest.raises(ValueError, match="ao menos um token"):
        model(torch.tensor([[3, 4, 0], [0, 0, 0]]))
    with pytest.raises(ValueError, match="max_len=8"):
        model(torch.ones(1, 9, dtype=torch.long))


def test_norm_first_with_nested_tensor_default_warns():
    # Por que o módulo passa enable_nested_tensor=False: o padrão avisa (e os
    # avisos são erros nos testes).
    layer = nn.TransformerEncoderLayer(8, 2, batch_first=True, norm_first=True)
    with pytest.warns(UserWarning, match="enable_nested_tensor"):
        nn.TransformerEncoder(layer, 1)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(text_classifier)
    assert "formas: (1, 12) e (1, 20)" in out


def test_encoder_reads_the_batch_on_the_first_dimension():
    # batch_first=True: o exemplo 0 sozinho dá a mesma saída que a linha 0 do lote.
    model = TransformerTextClassifier(vocab_size=16, num_classes=2).eval()
    x = torch.randn(3, 5, model.d_model)
    with torch.no_grad():
        torch.testing.assert_close(model.encoder(x)[:1], model.encoder(x[:1]))
        # Controle: com o padrão (sequência primeiro), a atenção mistura os exemplos.
        layer = nn.TransformerEncoderLayer(model.d_model, 2, 32, 0.0)
        seq_first = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False).eval()
        assert not torch.allclose(seq_first(x)[:1], seq_first(x[:1]), atol=1e-4)
