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


@pytest.mark.parametrize("value, shown", [
    (13.0, "13"), (4.62, "4.62"), (2.43, "2.43"), (41250, "41,250"), (41250.0, "41,250"),
    (9999, "9999"), (12345.5, "12,345.5"), (-3.0, "-3"), (0.1, "0.1"),
])
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
