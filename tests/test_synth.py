"""The synthetic benchmark data set: deterministic, marked synthetic, and valid under --strict."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator import synth
from generator.load import load


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    synth.write(tmp_path / "a", cities=3, seed=7)
    synth.write(tmp_path / "b", cities=3, seed=7)
    synth.write(tmp_path / "c", cities=3, seed=8)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_synthetic_data_is_valid_strict_and_marked(tmp_path):
    synth.write(tmp_path, cities=3, seed=1)
    result = load(tmp_path)
    assert result.problems == []
    portal = result.portal
    assert len(portal.cities) == 3
    for city in portal.cities:
        assert "合成" in city.city.name.zh and "synthetic" in city.city.name.en
        assert 2 <= len(city.plans) <= 3
        for plan in city.plans:
            assert "合成" in plan.plan.title.zh
            assert 22 <= len(plan.indicators) <= 28
            assert 45 <= len(plan.tasks) <= 55
            years = {o.year for o in plan.observations if o.indicator == plan.indicators[0].id}
            assert len(years) >= 3
