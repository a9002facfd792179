import pytest
import torch

from snippets.use_cases import lstm_forecast
from snippets.use_cases.lstm_forecast import (
    LSTMForecaster,
    evaluate_mse,
    make_windows,
    naive_mse,
    noisy_sine,
    train_forecaster,
)


def test_windows_slide_one_step_and_keep_order():
    series = torch.arange(10.0)
    X, y = make_windows(series, window=4, horizon=2)
    assert X.shape == (5, 4, 1) and y.shape == (5, 2)
    assert X[0, :, 0].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert y[0].tolist() == [4.0, 5.0]
    assert X[-1, :, 0].tolist() == [4.0, 5.0, 6.0, 7.0] and y[-1].tolist() == [8.0, 9.0]


def test_short_series_fails_loudly():
    with pytest.raises(ValueError, match="ao menos 6 passos"):
        make_windows(torch.arange(5.0), window=4, horizon=2)


@pytest.mark.parametrize(("n", "t", "horizon"), [(1, 5, 1), (7, 24, 3)])
def test_batch_first_shapes(device, n, t, horizon):
    model = LSTMForecaster(horizon=horizon).to(device)
    x = torch.randn(n, t, 1, device=device)
    out = model(x)
    assert out.shape == (n, horizon)
    # O lote está na primeira dimensão: permutar os exemplos permuta as previsões.
    # Com batch_first=False, a LSTM leria o lote como tempo e isto falharia.
    perm = torch.arange(n - 1, -1, -1, device=device)
    torch.testing.assert_close(model(x[perm]), out[perm])


def test_batch_order_check_fails_with_sequence_first():
    # Controle: o mesmo modelo lendo (T, N, F) mistura os exemplos ao longo do lote.
    model = LSTMForecaster(horizon=2)
    model.lstm.batch_first = False
    x = torch.randn(4, 6, 1)
    perm = torch.tensor([3, 2, 1, 0])
    assert not torch.allclose(model(x[perm]), model(x)[perm], atol=1e-5)


def test_missing_feature_dimension_fails_loudly():
    with pytest.raises(ValueError, match=r"\(N, T, F\)"):
        LSTMForecaster()(torch.randn(4, 24))


def test_lstm_beats_the_naive_forecast_on_held_out_future(device):
    torch.manual_seed(0)
    series = noisy_sine(600)
    X_train, y_train = make_windows(series[:480], window=24, horizon=3)
    X_test, y_test = make_windows(series[480:], window=24, horizon=3)
    model = LSTMForecaster(horizon=3)
    history = train_forecaster(model, X_train, y_train, device=device)
    assert history[-1] < 0.2 * history[0]
    lstm, naive = evaluate_mse(model, X_test, y_test), naive_mse(X_test, y_test)
    assert lstm < naive / 5, (lstm, naive)
    assert lstm < 0.05  # perto do piso do ruído (variância 0.01)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(lstm_forecast)
    assert "janelas de treino: X (454, 24, 1), y (454, 3)" in out


def test_lstm_returns_every_step_and_the_model_uses_the_last():
    model = LSTMForecaster(horizon=2)
    x = torch.randn(3, 7, 1)
    output, _ = model.lstm(x)
    assert output.shape == (3, 7, model.lstm.hidden_size)
    # Mudar só o primeiro passo muda a previsão: o último passo viu a janela inteira.
    changed = x.clone()
    changed[:, 0] += 5.0
    assert not torch.allclose(model(x), model(changed))
