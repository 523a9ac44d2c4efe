"""generator/raw_html.py: generated HTML blocks skip Markdown's HTML parser, same HTML out."""

from pathlib import Path

import markdown
import pytest

from generator import paths, raw_html, synth
from generator.compute import assess_all, methodology
from generator.load import load
from generator.mkdocs_config import read_base
from generator.pages import Inputs, render_site
from generator.portal import DataVersion


def _md() -> markdown.Markdown:
    exts = read_base()["markdown_extensions"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in exts]
    configs = {next(iter(e)): e[next(iter(e))] for e in exts if isinstance(e, dict)}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _via_hook(md: markdown.Markdown, text: str) -> str:
    stashed, blocks = raw_html.stash(text)
    md.reset()
    return raw_html.restore(md.convert(stashed), blocks)


def _plain(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


def _pages(data: Path, version: DataVersion):
    portal = load(data).portal
    readme = data / paths.SOURCES_DIR / "README.md"
    inputs = Inputs(
        portal=portal,
        version=version,
        assessments=assess_all(portal, 2026),
        as_of=2026,
        sources_readme=readme.read_text(encoding="utf-8") if readme.exists() else "",
        methodology=methodology(("zh", "en")),
        history=(),
        page_history={},
        repo_url=read_base().get("repo_url"),
    )
    return [p for lang in ("zh", "en") for p in render_site(inputs, lang)]


@pytest.fixture(scope="module")
def synthetic_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("synth") / "data"
    synth.write(data, 2, 7)
    return data


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_every_generated_page_converts_to_the_same_html(which, synthetic_data):
    data = paths.DATA if which == "real" else synthetic_data
    md = _md()
    pages = _pages(data, DataVersion())
    swapped = 0
    for page in pages:
        text = page.markdown()
        assert _via_hook(md, text) == _plain(md, text), page.path
        swapped += len(raw_html.stash(text)[1])
    assert swapped > len(pages), "the hook should take most HTML blocks out of Markdown's way"


def test_guides_with_fenced_code_are_left_alone():
    text = "Example:\n\n```html\n<p>x</p>\n\n<div>shown, not rendered</div>\n```\n"
    assert raw_html.stash(text) == (text, {})


@pytest.mark.parametrize(
    "block",
    [
        '<div markdown="1">\n*emphasis*\n</div>',  # asks for Markdown inside
        "<div>\nopen only",  # not closed in the paragraph
        "<span>inline</span>",  # inline: Markdown wraps it in <p>
        "<p>one</p> and text after",  # does not end with the closing tag
    ],
)
def test_blocks_markdown_would_treat_differently_are_not_swapped(block):
    text = f"# T\n\n{block}\n"
    assert raw_html.stash(text)[1] == {}
    md = _md()
    assert _via_hook(md, text) == _plain(md, text)


def test_a_marker_written_in_the_text_is_not_replaced():
    text = "<p>a</p>\n\n<p>b</p>"
    stashed, blocks = raw_html.stash(text)
    forged = "<!--portal-raw-000000000000-0-->"
    html = raw_html.restore(stashed.replace(next(iter(blocks)), forged, 1), blocks)
    assert forged in html and "<p>b</p>" in html


def test_the_hook_runs_in_each_languages_mkdocs_configuration(tmp_path):
    from generator.mkdocs_config import language_config

    cfg = language_config(read_base(), "zh", tmp_path / "docs", tmp_path / "site", DataVersion())
    assert str(paths.ROOT / "generator" / "raw_html.py") in cfg["hooks"]
