import pytest
import torch

from snippets.templates import training_loop
from snippets.templates.training_loop import MyModel, make_dataloader, train


def _full_loss(model, loader):
    criterion = torch.nn.CrossEntropyLoss(reduction="sum")
    with torch.no_grad():
        total = sum(criterion(model(x), y).item() for x, y in loader)
    return total / len(loader.dataset)


def test_training_lowers_the_loss():
    model = MyModel()
    loader = make_dataloader()
    before = _full_loss(model, loader)
    losses = train(model, loader, num_epochs=2)
    assert len(losses) == 2
    assert losses[1] < losses[0]
    assert _full_loss(model, loader) < before


def test_dataloader_is_reproducible_by_seed():
    a = [y for _, y in make_dataloader(seed=3)]
    b = [y for _, y in make_dataloader(seed=3)]
    assert all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(training_loop)
    assert out.count("época") == 2


def test_errata_template_names_were_never_defined():
    with pytest.raises(NameError, match="name 'MyModel' is not defined"):
        exec("model = MyModel()", {})
