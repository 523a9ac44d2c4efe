"""The benchmark runs from a copy of the code: the copy must hold everything the build reads."""

from pathlib import Path

from benchmarks import build as bench
from generator import paths


def test_snapshot_holds_every_source_folder_the_build_reads():
    read_by_build = {paths.SITE_SRC, paths.DOCS, paths.ROOT / "generator", paths.ROOT / "mkdocs.yml"}
    copied = {paths.ROOT / name for name in bench.CODE}
    missing = sorted(str(Path(p).relative_to(paths.ROOT)) for p in read_by_build - copied)
    assert not missing, f"benchmarks/build.py CODE lacks {missing}: builds from its snapshot would differ"
