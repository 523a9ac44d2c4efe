"""The bundled data/ passes `validate --strict`: no errors, no warnings."""

from __future__ import annotations

from generator import paths
from generator.cli import main
from generator.load import load
from generator.report import text


def test_bundled_data_is_valid_under_strict(capsys):
    code = main(["validate", "--strict", "--data", str(paths.DATA)])
    out = capsys.readouterr().out
    assert code == 0, out


def test_bundled_data_has_cities_and_plans():
    result = load(paths.DATA)
    assert result.portal.cities, text(result.problems)
    assert all(c.plans for c in result.portal.cities)
