import itertools
from pathlib import Path

import pytest
import torch

from snippets.selection import score
from snippets.selection.score import (
    BASE_SCORE,
    KEYWORD_RULES,
    MAX_SCORE,
    PROFILE_TRIGGERS,
    _seed_score,
    before_after_markdown,
    calculate_pytorch_score,
    matched_terms,
    normalize_keywords,
    score_table_markdown,
)

OUTPUT = Path(score.__file__).parent / "output"
ALL_TERMS = [(name, adj, term) for name, adj, terms in KEYWORD_RULES for term in terms]


def test_no_match_gives_the_base_and_gpu_adds_exactly_0_10():
    assert calculate_pytorch_score([], gpu_available=False) == 0.70
    assert calculate_pytorch_score([], gpu_available=True) == 0.80


@pytest.mark.parametrize(("rule", "adjustment", "term"), ALL_TERMS)
def test_each_term_applies_its_rule_exactly_once(rule, adjustment, term):
    expected = round(BASE_SCORE + adjustment, 2)
    assert calculate_pytorch_score([term], gpu_available=False) == expected
    assert matched_terms([term])[rule] == [term]
    # A regra conta uma vez, mesmo com o termo repetido.
    assert calculate_pytorch_score([term, term], gpu_available=False) == expected


def test_rule_values_are_the_profiles():
    assert (BASE_SCORE, MAX_SCORE, score.GPU_BOOST) == (0.70, 0.98, 0.10)
    assert [(name, adj) for name, adj, _ in KEYWORD_RULES] == [
        ("deep learning", 0.25),
        ("visão computacional", 0.10),
        ("ML clássico", -0.30),
    ]
    assert calculate_pytorch_score(["cnn"], gpu_available=False) == 0.95
    assert calculate_pytorch_score(["image"], gpu_available=False) == 0.80
    assert calculate_pytorch_score(["linear"], gpu_available=False) == 0.40
    assert calculate_pytorch_score(["tree", "cnn"], gpu_available=False) == 0.65


@pytest.mark.parametrize(
    ("keywords", "gpu"),
    [(["cnn", "image"], False), (["cnn"], True), (["deep", "vision"], True)],
)
def test_cap_is_0_98(keywords, gpu):
    assert calculate_pytorch_score(keywords, gpu_available=gpu) == 0.98


@pytest.mark.parametrize(
    "keywords", [["CNN"], ["Neural"], ["DEEP"], ["LsTm"], ["TRANSFORMER"]]
)
def test_matching_ignores_case(keywords):
    assert calculate_pytorch_score(keywords, gpu_available=False) == 0.95


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("deep learning", 0.95),
        ("neural network", 0.95),
        ("Deep-Learning", 0.95),
        ("image classification", 0.80),
        ("object detection", 0.80),
        ("semantic_segmentation", 0.80),
        ("random forest", 0.40),
        ("random_forest", 0.40),
        ("Random-Forest", 0.40),
        ("random forests", 0.40),
        ("logistic regression", 0.40),
        ("random", 0.70),  # só metade do termo composto
        ("forest", 0.70),
        ("forest random", 0.70),  # fora de ordem
    ],
)
def test_multi_word_keywords_match_word_by_word(keyword, expected):
    assert calculate_pytorch_score([keyword], gpu_available=False) == expected


@pytest.mark.parametrize(
    ("keyword", "expected"), [("CNNs", 0.95), ("transformers", 0.95), ("images", 0.8)]
)
def test_plural_with_s_matches(keyword, expected):
    assert calculate_pytorch_score([keyword], gpu_available=False) == expected


@pytest.mark.parametrize(
    "text", ["convolutional neural network", "street segmentation", "CNN", "", "gan"]
)
@pytest.mark.parametrize("gpu", [False, True])
def test_a_string_is_the_same_as_a_one_item_list(text, gpu):
    assert calculate_pytorch_score(text, gpu_available=gpu) == calculate_pytorch_score(
        [text], gpu_available=gpu
    )


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        ("street segmentation", 0.80),  # "tree" dentro de "street" não conta
        (["nonlinear"], 0.70),
        (["imagenet"], 0.70),
        (["deeper"], 0.70),
    ],
)
def test_no_substring_matches(keywords, expected):
    assert calculate_pytorch_score(keywords, gpu_available=False) == expected


def test_other_iterables_are_accepted():
    as_list = calculate_pytorch_score(["cnn", "tree"], gpu_available=False)
    assert calculate_pytorch_score(("cnn", "tree"), gpu_available=False) == as_list
    assert calculate_pytorch_score({"cnn", "tree"}, gpu_available=False) == as_list
    words = (w for w in ["cnn", "tree"])
    assert calculate_pytorch_score(words, gpu_available=False) == as_list


def test_normalize_keywords_splits_and_lowercases():
    assert normalize_keywords(["Deep-Learning", "CNN", "  ", "random_forest"]) == [
        ("deep", "learning"),
        ("cnn",),
        ("random", "forest"),
    ]
    assert normalize_keywords("Image  Classification") == [("image", "classification")]


@pytest.mark.parametrize("bad", [["cnn", 3], [None], [b"cnn"], [["cnn"]]])
def test_non_string_items_raise_type_error(bad):
    with pytest.raises(TypeError, match="cada palavra-chave deve ser str"):
        calculate_pytorch_score(bad, gpu_available=False)


@pytest.mark.parametrize("bad", [None, 42, 0.5])
def test_non_iterable_input_raises_type_error(bad):
    with pytest.raises(TypeError, match="str ou um iterável de str"):
        calculate_pytorch_score(bad, gpu_available=False)


@pytest.mark.parametrize("bad", ["yes", 1, 0])
def test_gpu_flag_must_be_bool_or_none(bad):
    with pytest.raises(TypeError, match="gpu_available deve ser bool ou None"):
        calculate_pytorch_score(["cnn"], gpu_available=bad)


@pytest.mark.parametrize("cuda", [False, True])
def test_none_asks_torch_whether_cuda_is_available(monkeypatch, cuda):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    assert calculate_pytorch_score([]) == (0.80 if cuda else 0.70)
    assert calculate_pytorch_score(["cnn"]) == (0.98 if cuda else 0.95)


def test_result_is_always_a_two_decimal_float_between_0_and_0_98():
    one_term_per_rule = [terms[0] for _, _, terms in KEYWORD_RULES]
    for size in range(len(one_term_per_rule) + 1):
        for combo in itertools.combinations(one_term_per_rule, size):
            for gpu in (False, True):
                value = calculate_pytorch_score(list(combo), gpu_available=gpu)
                assert isinstance(value, float)
                assert 0.0 <= value <= MAX_SCORE
                assert value == round(value, 2)
                assert len(repr(value).split(".")[1]) <= 2, repr(value)


# A tabela da revisão do perfil (§1.1), medida com a função original sem GPU, e os
# dois valores medidos numa H200.
REVIEW_CPU = {
    ("cnn",): 0.95,
    ("deep",): 0.95,
    ("deep learning",): 0.7,
    ("neural network",): 0.7,
    ("Neural",): 0.7,
    ("CNN",): 0.7,
    ("image classification",): 0.7,
    ("random forest",): 0.7,
    ("pytorch",): 0.7,
    ("torch",): 0.7,
    ("gpu",): 0.7,
    ("transfer learning",): 0.7,
    (): 0.7,
    ("image",): 0.7999999999999999,
    ("cnn", "image"): 0.98,
    ("linear",): 0.39999999999999997,
    ("random_forest",): 0.39999999999999997,
    ("tree", "cnn"): 0.6499999999999999,
}


@pytest.mark.parametrize(("keywords", "expected"), REVIEW_CPU.items())
def test_seed_reproduction_gives_the_reviews_numbers(keywords, expected):
    assert _seed_score(list(keywords), cuda_available=False) == expected


def test_seed_reproduction_string_and_gpu_cases_from_the_review():
    assert _seed_score("convolutional neural network", cuda_available=False) == 0.95
    assert _seed_score(["cnn"], cuda_available=True) == 0.98
    assert _seed_score([], cuda_available=True) == 0.7999999999999999


def test_only_four_triggers_moved_the_seed_score_and_eight_move_it_now():
    seed = {t for t in PROFILE_TRIGGERS if _seed_score([t], False) != 0.7}
    now = {t for t in PROFILE_TRIGGERS if calculate_pytorch_score(t, False) != 0.7}
    assert seed == {"cnn", "rnn", "lstm", "transformer"}
    assert now == seed | {
        "deep learning",
        "neural network",
        "image classification",
        "object detection",
    }


@pytest.mark.parametrize(
    ("filename", "render"),
    [
        ("score_table.md", score_table_markdown),
        ("score_before_after.md", before_after_markdown),
    ],
)
def test_page_tables_are_the_functions_output(filename, render, golden):
    golden.check(OUTPUT / filename, render(), shown="incluído na página")


def test_table_rows_agree_with_the_function():
    table = score_table_markdown([["cnn", "image"], ["linear"]])
    rows = table.splitlines()[2:]
    assert rows[0].endswith(
        "| 0.98 (teto; a soma daria 1.05) | 0.98 (teto; a soma daria 1.15) |"
    )
    assert "ML clássico -0.30 (`linear`)" in rows[1]
    assert rows[1].endswith("| 0.4 | 0.5 |")


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(score)
    assert "'random forest' -> 0.4 | 0.5" in out


def test_errata_seed_score_function_had_no_import():
    with pytest.raises(NameError, match="name 'torch' is not defined"):
        exec("gpu = torch.cuda.is_available()", {})
