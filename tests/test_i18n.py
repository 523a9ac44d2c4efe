"""The wording catalogue: every key in both languages with the same placeholders; the one
number formatter."""

from __future__ import annotations

import string

import pytest

from generator.i18n import LANGS, catalogue, t
from generator.i18n.numbers import derived, figure


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_key_has_both_languages_and_the_same_placeholders(key):
    entry = catalogue()[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    for lang in LANGS:
        assert isinstance(entry[lang], str) and entry[lang].strip(), f"{key}.{lang} is empty"
    assert _placeholders(entry["zh"]) == _placeholders(entry["en"]), key


def test_unknown_key_fails_loudly():
    with pytest.raises(KeyError):
        t("no-such-key", "zh")


@pytest.mark.parametrize(
    "value, shown",
    [
        (13.0, "13"),
        (4.62, "4.62"),
        (2.43, "2.43"),
        (41250, "41,250"),
        (41250.0, "41,250"),
        (9999, "9999"),
        (12345.5, "12,345.5"),
        (-3.0, "-3"),
        (0.1, "0.1"),
    ],
)
def test_figure_is_exact_and_grouped_from_five_digits(value, shown):
    assert figure(value) == shown


def test_derived_keeps_two_decimals_at_most():
    assert derived(12.3456) == "12.35"
    assert derived(5.0) == "5"
    assert derived(-0.001) == "0"


def test_a_key_defined_in_two_catalogue_files_is_an_error(tmp_path):
    from generator.i18n import load_catalogue

    (tmp_path / "a.yaml").write_text("home: {zh: 首页, en: Home}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("home: {zh: 主页, en: Start}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="home"):
        load_catalogue(tmp_path)


def test_one_target_renderer_for_pages_and_explanations():
    """The page's target cell and the explanation's target sentence say the same words."""
    from generator.i18n.targets import in_words
    from generator.models import Target
    from generator.pages.describe import target_text
    from generator.status import Assessment, Status, Step, explain

    target = Target(kind="at-most", year=2025, value=41250)
    step = Step("target", {"year": 2025, "kind": "at-most", "value": 41250, "min": None, "max": None, "rate": None})
    for lang, words in (("zh", "2025年不超过41,250"), ("en", "at most 41,250 by 2025")):
        assert target_text(target, lang) == words
        assert words in explain(Assessment(Status.no_data, steps=[step]), lang)[0]
    assert in_words("range", 2025, "zh", min=3, max=4, unit="亿元") == "2025年达到3–4亿元"
    assert in_words("range", 2025, "en", min=3, max=4, unit="yuan") == "between 3 and 4 yuan by 2025"
    assert in_words("qualitative", 2025, "en") == "a qualitative goal for 2025"


def test_target_figure_missing_is_a_question_mark():
    """A figure the kind needs but the target lacks (only invalid data: `target-fields`) is "?",
    as a change's missing rate always was, never a TypeError from the number formatter."""
    from generator.i18n.targets import in_words

    assert in_words("at-least", 2025, "en") == "at least ? by 2025"
    assert in_words("range", 2025, "en", min=3) == "between 3 and ? by 2025"
    assert "?" in in_words("growth-rate", 2025, "en")


def test_language_rules():
    from generator.i18n.lang import colon, join, join_clauses, paren, with_unit

    assert (join(["甲", "乙"], "zh"), join(["a", "b"], "en")) == ("甲、乙", "a, b")
    assert (join_clauses(["甲：1", "乙：2"], "zh"), join_clauses(["a: 1", "b: 2"], "en")) == (
        "甲：1；乙：2",
        "a: 1; b: 2",
    )
    assert (colon("zh"), colon("en"), paren("x", "zh"), paren("x", "en")) == ("：", ": ", "（x）", " (x)")
    assert (with_unit("5", "件", "zh"), with_unit("5", "patents", "en"), with_unit("5", "%", "en")) == (
        "5件",
        "5 patents",
        "5%",
    )
    # 亿元 in English is a multiplier, not a second number
    assert with_unit("4.4", "100 million yuan", "en") == "4.4 × 100 million yuan"
    assert with_unit("4.4", "亿元", "zh") == "4.4亿元"
    assert with_unit("56.5", "10,000 trademarks", "en") == "56.5 × 10,000 trademarks"
