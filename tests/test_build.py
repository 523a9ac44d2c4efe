"""The whole build on the minimal fixture: both languages, links, heads, footers, size, safety;
and the build's processes: plain data in and out, no deadlock after vl-convert ran here, a
hung stage reported by name.

(Failed builds keeping the old site are tested in tests/test_atomic_build.py.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator import charts, processes
from generator.compute import as_of_year
from generator.pipeline import BuildError, BuildSettings, build_site
from generator.portal import DataVersion

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "valid" / "minimal"
MAX_PAGE_BYTES = 100_000
SM = "http://www.sitemaps.org/schemas/sitemap/0.9"

pytestmark = pytest.mark.slow


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []  # a[href]
        self.elements: list[tuple[str, dict]] = []  # (tag, attributes) of every start tag
        self.anchors: list[tuple[str, str]] = []  # (href, text) of every a[href]
        self._anchor: list[str] | None = None
        self.resources: list[str] = []  # what the page loads by itself
        self.alternates: dict[str, str] = {}
        self.html_lang = None
        self.text: list[str] = []
        self._in_footer = 0
        self.footer: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            self._anchor = []
            self.anchors.append((a["href"], ""))
        if tag in ("script", "img", "iframe", "source") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href"):
            if a.get("rel") == "alternate" and a.get("hreflang"):
                self.alternates[a["hreflang"]] = a["href"]
            elif a.get("rel") != "alternate":
                self.resources.append(a["href"])
        if tag == "footer":
            self._in_footer += 1

    def handle_endtag(self, tag):
        if tag == "footer":
            self._in_footer -= 1
        if tag == "a" and self._anchor is not None:
            self.anchors[-1] = (self.anchors[-1][0], " ".join("".join(self._anchor).split()))
            self._anchor = None

    def handle_data(self, data):
        self.text.append(data)
        if self._anchor is not None:
            self._anchor.append(data)
        if self._in_footer:
            self.footer.append(data)


def parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def find(page: _Page, tag: str, **attrs: str) -> list[dict]:
    """Attributes of every `tag` whose attributes include `attrs` (class_ for class; one class token matches)."""
    want = {k.rstrip("_"): v for k, v in attrs.items()}
    out = []
    for t, a in page.elements:
        if t != tag:
            continue
        if all((v in (a.get(k) or "").split()) if k == "class" else a.get(k) == v for k, v in want.items()):
            out.append(a)
    return out


def settings(root: Path, **extra) -> BuildSettings:
    """The minimal fixture copied under ``root`` (outside git: no history), built into
    root/site with a cache folder of its own."""
    data = root / "data"
    if not data.exists():
        shutil.copytree(MINIMAL, data)
    return BuildSettings(data_dir=data, out_dir=root / "site", cache_dir=root / "cache", **extra)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    s = settings(tmp_path_factory.mktemp("build"), strict=True)
    build_site(s)
    return s.out_dir


def pages(site: Path, lang: str) -> dict[str, Path]:
    top = site / "en" if lang == "en" else site
    out = {}
    for f in sorted(top.rglob("*.html")):
        rel = f.relative_to(top).as_posix()
        if lang == "zh" and rel.startswith("en/"):
            continue
        out[rel] = f
    return out


def test_both_languages_mirror_each_other(site):
    zh, en = pages(site, "zh"), pages(site, "en")
    assert "index.html" in zh and "plans/example-ip-2021-2025/index.html" in zh
    assert sorted(zh) == sorted(en)
    assert parse(site / "index.html").html_lang == "zh"
    assert parse(site / "en" / "index.html").html_lang == "en"


def test_every_page_is_small(site):
    big = {
        p: f.stat().st_size
        for lang in ("zh", "en")
        for p, f in pages(site, lang).items()
        if f.stat().st_size > MAX_PAGE_BYTES
    }
    assert big == {}


def test_internal_links_resolve(site):
    broken = []
    for f in site.rglob("*.html"):
        if f.name == "404.html":  # MkDocs writes it with root-absolute links, by design
            continue
        for href in parse(f).links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "//", "mailto:")):
                continue
            target = (f.parent / parts.path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((f.relative_to(site).as_posix(), href))
    assert broken == []


def test_nothing_is_loaded_from_outside(site):
    external = []
    for f in site.rglob("*.html"):
        external += [(f.name, u) for u in parse(f).resources if re.match(r"^(https?:)?//", u)]
    for f in site.rglob("*.css"):
        external += re.findall(r"(?:url\(|@import)\s*['\"]?((?:https?:)?//[^)'\"]+)", f.read_text(errors="replace"))
    assert external == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_language_switch_stays_on_the_page_without_hreflang_links(site):
    """The header link goes to the same page in the other language. No page has <link rel=alternate
    hreflang>: Material's JS would fetch a sitemap.xml next to each target (see sitemap-pages.xml)."""
    assert [f for f in site.rglob("*.html") if parse(f).alternates] == []
    path = "plans/example-ip-2021-2025/"
    for lang, f in (("zh", site / path / "index.html"), ("en", site / "en" / path / "index.html")):
        p = parse(f)
        other = "en" if lang == "zh" else "zh"
        switch = find(p, "a", class_="portal-lang__link", hreflang=other)
        assert len(switch) == 1
        assert (f.parent / switch[0]["href"]).resolve() == (
            site / "en" / path if other == "en" else site / path
        ).resolve()


def test_footer_has_version_report_link_and_translation_notice(site):
    zh = " ".join(parse(site / "index.html").footer)
    en = " ".join(parse(site / "en" / "index.html").footer)
    assert "数据更新日期：" in zh and "版本未知" in zh and "报告数据错误" in zh
    assert "Data updated: " in en and "version unknown" in en
    assert "English is an unofficial translation." in en and "unofficial" not in zh
    page = site / "en" / "cities" / "example" / "index.html"
    html = page.read_text(encoding="utf-8")
    m = re.search(r'<p class="?portal-footer__report"?><a href="?([^" >]+)"?>', html)
    assert m and m.group(1).endswith("about/#report-an-error")
    assert (page.parent / m.group(1).split("#")[0]).resolve() == (site / "en" / "about").resolve()


def test_titles_and_descriptions(site):
    for lang in ("zh", "en"):
        for rel, f in pages(site, lang).items():
            html = f.read_text(encoding="utf-8")
            assert re.search(r"<title>[^<]+</title>", html), rel
            if rel != "404.html":
                assert [m for m in find(parse(f), "meta", name="description") if m.get("content")], rel


def test_detail_pages_are_not_in_the_navigation(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = html[re.search(r'<nav [^>]*\bclass="?md-tabs[" >]', html).start() :]
    nav = nav[: nav.find("</nav>")]
    assert "plans/" in nav and "about/" in nav
    assert "indicators/" not in nav and "departments/example/" not in nav


def test_search_index_per_language_with_chinese_segmented(site):
    zh = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\u200b" in "".join(d["text"] for d in zh["docs"])  # jieba segmented the Chinese
    assert zh["config"]["separator"] != en["config"]["separator"]
    # English pages: no jieba (no dictionary to load); their Chinese is split per character
    english_text = "".join(d["text"] for d in en["docs"])
    assert "\u200b" not in english_text and re.search(r"[\u4e00-\u9fff]{2}", english_text)
    assert [t for t in re.split(en["config"]["separator"], "Zhengzhou 郑州市 plan") if t] == [
        "Zhengzhou",
        "郑",
        "州",
        "市",
        "plan",
    ]
    assert not any(d["location"].startswith("en/") for d in zh["docs"])


def test_search_skips_figures_and_history_but_keeps_names_and_definitions(site):
    for index in (site / "search" / "search_index.json", site / "en" / "search" / "search_index.json"):
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        indicator = [d["location"] for d in docs if "/indicators/" in d["location"]]
        assert any(loc.endswith("/") for loc in indicator)  # the page itself, under its name
        assert any(loc.endswith("#definition") for loc in indicator)
        assert any(loc.endswith("#status") for loc in indicator)
        for section in ("#observations", "#calculation", "#history"):
            assert not any(
                d["location"].endswith(section) for d in docs if not d["location"].startswith("contribute/")
            ), (index, section)  # guides are as written
        assert any(d["location"].endswith("#indicators") for d in docs)  # plan pages keep their sections


def test_sitemaps_per_language_and_no_stub_in_page_folders(site):
    assert (site / "sitemap.xml").exists() and (site / "en" / "sitemap.xml").exists()
    # Without a site_url there are no absolute addresses: an empty urlset, no pages file.
    for root in (site, site / "en"):
        for name in ("sitemap.xml", "sitemap-pages.xml"):
            urlset = ET.parse(root / name).getroot()
            assert urlset.tag == f"{{{SM}}}urlset" and len(urlset) == 0, (root, name)
    # The only rel=alternate link left is the feed's, which Material follows to the
    # language's own sitemap.xml; no page folder needs one of its own.
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("sitemap.xml")) == [
        "en/sitemap.xml",
        "sitemap.xml",
    ]
    for f in (site / "plans" / "example-ip-2021-2025" / "index.html", site / "en" / "index.html"):
        alternates = list(find(parse(f), "link", rel="alternate"))
        assert [a.get("type") for a in alternates] == ["application/atom+xml"], f
        root = site / "en" if "en" in f.relative_to(site).parts else site
        assert (f.parent / alternates[0]["href"]).resolve().parent == root.resolve()


def test_sitemap_with_a_site_url_lists_every_page_with_its_hreflang_alternates(tmp_path):
    base = tmp_path / "mkdocs.yml"
    base.write_text(
        (Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
        + "\nsite_url: https://example.org/portal\n",
        encoding="utf-8",
    )
    s = settings(tmp_path, mkdocs_yml=base)
    out = s.out_dir
    build_site(s)
    x = "{http://www.w3.org/1999/xhtml}"
    for root, prefix in ((out, "https://example.org/portal/"), (out / "en", "https://example.org/portal/en/")):
        index = ET.parse(root / "sitemap.xml").getroot()  # small: Material downloads it on page views
        assert index.tag == f"{{{SM}}}sitemapindex" and (root / "sitemap.xml").stat().st_size < 400
        assert [e.text for e in index.iter(f"{{{SM}}}loc")] == [prefix + "sitemap-pages.xml"]
        urls = ET.parse(root / "sitemap-pages.xml").getroot().findall(f"{{{SM}}}url")
        pages_here = [f for f in root.rglob("index.html") if not (root == out and f.relative_to(out).parts[0] == "en")]
        assert len(urls) == len(pages_here) > 5
        for url in urls:
            loc = url.findtext(f"{{{SM}}}loc")
            path = loc.removeprefix(prefix)
            alt = {a.get("hreflang"): a.get("href") for a in url.findall(f"{x}link") if a.get("rel") == "alternate"}
            assert alt == {
                "zh": "https://example.org/portal/" + path,
                "en": "https://example.org/portal/en/" + path,
                "x-default": "https://example.org/portal/" + path,
            }, loc
            assert (out / path / "index.html").is_file() and (out / "en" / path / "index.html").is_file(), loc
    assert [f for f in out.rglob("*.html") if parse(f).alternates] == []


def test_downloads_are_linked_and_present(site):
    for lang, f in (("zh", site / "downloads" / "index.html"), ("en", site / "en" / "downloads" / "index.html")):
        hrefs = [h for h in parse(f).links if "downloads/" in h and not h.endswith("/")]
        assert hrefs, lang
        for h in hrefs:
            assert (f.parent / h).resolve().is_file(), (lang, h)


def test_charts_are_files_next_to_their_page(site):
    f = site / "plans" / "example-ip-2021-2025" / "indicators" / "invention-patents-per-10k" / "index.html"
    html = f.read_text(encoding="utf-8")
    srcs = re.findall(r'<figure class="?chart"?>.*?<img [^>]*?\bsrc="?([^" >]+)', html, re.S)
    phones = re.findall(r'<figure class="?chart"?>.*?<source [^>]*?\bsrcset="?([^" >]+)', html, re.S)
    assert srcs, "no chart on the indicator page"
    assert phones == [charts.phone_name(src) for src in srcs]  # each chart's phone variant, chosen by <picture>
    for src in srcs + phones:
        svg = f.parent / src
        assert svg.exists() and svg.read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_as_of_year_is_the_data_version_never_the_clock():
    from generator.load import load

    portal = load(MINIMAL).portal
    assert as_of_year(DataVersion("a" * 40, "2023-05-01"), portal) == 2023
    # Without a dated version: the newest year the data states (a value, a task report, an issue date).
    years = [o.year for _, pd in portal.plans() for o in pd.observations]
    years += [r.date.year for _, pd in portal.plans() for r in pd.task_reports]
    years += [pd.plan.issue_date.year for _, pd in portal.plans() if pd.plan.issue_date]
    assert years and as_of_year(DataVersion(), portal) == max(years) < dt.date.today().year
    assert as_of_year(DataVersion()) == 0


def test_rebuild_after_one_changed_observation_rewrites_only_what_changed(tmp_path):
    """Unchanged output files keep their inode and mtime; the changed indicator's files are new."""
    s = settings(tmp_path)
    data, out = s.data_dir, s.out_dir
    build_site(s)
    before = {p: p.stat() for p in out.rglob("*") if p.is_file()}
    obs = next(data.rglob("observations.csv"))
    lines = obs.read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1].split(",")
    first[2] = str(float(first[2]) + 1)  # the value column
    obs.write_text("\n".join([header, ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    build_site(s)
    after = {p: p.stat() for p in out.rglob("*") if p.is_file()}
    kept = [p for p in before if p in after and before[p].st_ino == after[p].st_ino]
    rewritten = [p for p in after if p not in before or before[p].st_ino != after[p].st_ino]
    assert rewritten, "the changed observation must change some output"
    assert len(kept) > len(rewritten), (len(kept), len(rewritten))
    assert all(before[p].st_mtime_ns == after[p].st_mtime_ns for p in kept)
    changed_indicator = first[0]
    assert any(changed_indicator in str(p) for p in rewritten)


def test_guides_are_published_in_the_contribute_section(site):
    """docs/ (staff and maintainer guides, references) is in both languages, linked from the navigation."""
    for root, label in ((site, "参与贡献"), (site / "en", "Contribute")):
        assert (root / "contribute" / "index.html").is_file()
        for guide in ("staff", "maintainers", "reference/data-format", "reference/error-codes"):
            assert (root / "contribute" / guide / "index.html").is_file(), guide
        assert [
            h
            for h, text in parse(root / "index.html").anchors
            if re.fullmatch(r"[./]*contribute/", h) and text == label
        ], label
    staff = (site / "contribute" / "staff" / "index.html").read_text(encoding="utf-8")
    assert "observations.csv" in staff or "观测" in staff


def test_pages_are_minified_and_keep_their_structure(site):
    """generator/minify.py: no indentation left, closing tags kept, Material's config compact."""
    for f in (site / "index.html", site / "en" / "plans" / "example-ip-2021-2025" / "index.html", site / "404.html"):
        html = f.read_text(encoding="utf-8")
        markup = re.sub(r"<script[ >].*?</script>", "", html, flags=re.S)  # scripts are left as written
        assert "\n  " not in markup and html.startswith("<!doctype html><html "), f
        assert html.rstrip().endswith("</body></html>"), f
        config = re.search(r"<script id=__config type=application/json>(.*?)</script>", html)
        assert config and json.loads(config.group(1))["base"], f
    zh = (site / "index.html").read_text(encoding="utf-8")
    assert "\\u" not in re.search(r"<script id=__config[^>]*>(.*?)</script>", zh).group(1)  # Chinese as UTF-8
    assert "搜索" in zh


def test_minify_keeps_preformatted_text_and_cannot_be_broken_by_config_text():
    from generator import minify

    page = (
        '<!doctype html><html lang="en"><head><title>&lt;script&gt;x&lt;/script&gt; &amp;amp;</title></head><body>\n  <p>a\n   b</p>\n'
        '<pre><code>x  = 1\n    y</code></pre>\n<textarea name="t">  two  spaces</textarea>\n'
        '<script id="__config" type="application/json">{"t": "\\u5df2 \\u003c/script\\u003e\\u003cscript\\u003ealert(1) \\u0026amp;"}</script>'
        "</body></html>"
    )
    out = minify.minify(page)
    assert "<p>a b</p>" in out
    assert "<pre><code>x  = 1\n    y</code></pre>" in out and ">  two  spaces</textarea>" in out
    config = re.search(r"<script id=__config type=application/json>(.*?)</script>", out, re.S).group(1)
    assert "<" not in config and json.loads(config) == {"t": "已 </script><script>alert(1) &amp;"}
    assert out.count("<script") == 1  # data text in the title stays text for every parser
    assert "<title>&lt;script&gt;x&lt;/script&gt; &amp;amp;</title>" in out


def test_minify_hook_is_in_each_languages_configuration(tmp_path):
    from generator import paths
    from generator.mkdocs_config import language_config, read_base

    for lang in ("zh", "en"):
        cfg = language_config(read_base(), lang, tmp_path / "docs", tmp_path / "site", DataVersion())
        assert str(paths.ROOT / "generator" / "minify.py") in cfg["hooks"]


def test_logo_is_one_cached_file_not_inline_svg(site):
    for f in (site / "index.html", site / "en" / "plans" / "example-ip-2021-2025" / "index.html"):
        html = f.read_text(encoding="utf-8")
        logos = [a["src"] for a in find(parse(f), "img") if a.get("src", "").endswith("assets/images/logo.svg")]
        assert len(logos) == 2, f  # header and navigation drawer
        assert all((f.parent / src).resolve().is_file() for src in logos)
        assert "M12 3c-1.27" not in html  # the scale-balance path is not inlined


def _fake_mkdocs(cfg: dict, config_file: Path) -> None:
    """Stands in for run_mkdocs: records which process built which language."""
    site = Path(cfg["site_dir"])
    site.mkdir(parents=True)
    if cfg["lang"] == "broken":
        raise BuildError("MkDocs build failed (broken): forced")
    (site / "built-by").write_text(str(os.getpid()), encoding="utf-8")


def _configs(tmp_path: Path, langs: tuple[str, ...]) -> dict[str, dict]:
    return {lang: {"lang": lang, "site_dir": str(tmp_path / f"site.{lang}")} for lang in langs}


def test_languages_are_built_at_the_same_time_each_into_its_own_folder(tmp_path):
    from generator.mkdocs_runner import run_mkdocs_languages

    run_mkdocs_languages(_configs(tmp_path, ("zh", "en")), tmp_path, settings(tmp_path, workers=2), _fake_mkdocs)
    pids = {(tmp_path / f"site.{lang}" / "built-by").read_text(encoding="utf-8") for lang in ("zh", "en")}
    assert len(pids) == 2 and str(os.getpid()) not in pids  # two child processes


def test_a_failing_language_fails_the_build(tmp_path):
    from generator.mkdocs_runner import run_mkdocs_languages

    with pytest.raises(BuildError, match="forced"):
        run_mkdocs_languages(
            _configs(tmp_path, ("zh", "broken")), tmp_path, settings(tmp_path, workers=2), _fake_mkdocs
        )


def _fail_with_data_error() -> None:
    from generator.problems import DataError, Problem, Severity

    raise DataError([Problem("E999", Severity.error, "cities/x.yaml", 3, "错", "wrong")])


def _hang() -> None:
    import time

    time.sleep(600)


def test_build_processes_take_plain_data_and_report_back():
    from generator.problems import DataError

    def run(fn, *args):
        return processes.in_own_process("test stage", fn, *args, workers=2, timeout=120)

    assert processes.context().get_start_method() == "forkserver"  # never fork: see test_no_deadlock_…
    assert run(os.getpid) != os.getpid()
    assert run(divmod, 7, 2) == (3, 1)
    # the data's problems come back whole, with where they were raised
    with pytest.raises(DataError) as err:
        run(_fail_with_data_error)
    [problem] = err.value.problems
    assert (problem.code, problem.file, problem.line, problem.message_zh) == ("E999", "cities/x.yaml", 3, "错")
    assert any("_fail_with_data_error" in note for note in err.value.__notes__)
    # a process that dies without answering fails the build instead of hanging it
    with pytest.raises(BuildError, match=r"test stage ended without a result .exit code 3"):
        run(os._exit, 3)
    # a closure cannot cross into a build process: stages hand over plain data only
    with pytest.raises(Exception, match=r"pickle|Can't get local object"):
        run(lambda: 1)


def test_a_stage_that_hangs_is_stopped_and_named():
    import time

    start = time.monotonic()
    calls = [processes.Call("render (zh)", divmod, (7, 2)), processes.Call("render (en)", _hang)]
    with pytest.raises(BuildError, match=r"build stage render \(en\) did not finish within 3 s"):
        processes.run_in_processes(calls, workers=2, timeout=3)
    assert time.monotonic() - start < 60
    import multiprocessing

    assert [p.name for p in multiprocessing.active_children() if p.name.startswith("build: ")] == []  # killed


def _note(path: str, text: str, wait_for: str = "", seconds: float = 0.0) -> str:
    """Append ``text`` to the file at ``path`` (after ``wait_for`` appears in it, or ``seconds``)."""
    import time

    deadline = time.monotonic() + 60
    while wait_for and wait_for not in Path(path).read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(seconds)
    with open(path, "a", encoding="utf-8") as f:
        f.write(text + "\n")
    return text


def test_a_chain_goes_on_as_soon_as_its_call_is_done_not_when_every_chain_is(tmp_path):
    """Each language renders, then builds its site: the language done first starts its MkDocs
    while the other still renders. The slow chain's render waits until the quick chain's
    second call has run: it would wait forever if chains advanced together."""
    log = str(tmp_path / "log")
    Path(log).write_text("", encoding="utf-8")
    quick = [
        processes.Call("render (zh)", _note, (log, "zh render")),
        processes.Call("MkDocs (zh)", _note, (log, "zh mkdocs")),
    ]
    slow = [
        processes.Call("render (en)", _note, (log, "en render", "zh mkdocs")),
        processes.Call("MkDocs (en)", _note, (log, "en mkdocs")),
    ]
    assert processes.run_chains([quick, slow], workers=2, timeout=120) == [
        ["zh render", "zh mkdocs"],
        ["en render", "en mkdocs"],
    ]
    lines = Path(log).read_text(encoding="utf-8").split()
    assert lines.index("mkdocs") < lines.index("en")  # zh's MkDocs ran before en's render ended
    assert processes.run_chains([quick, slow], workers=1, timeout=120)[1] == ["en render", "en mkdocs"]


def test_a_failing_call_stops_its_chain_and_fails_the_whole_run(tmp_path):
    log = str(tmp_path / "log")
    Path(log).write_text("", encoding="utf-8")
    broken = [
        processes.Call("render (zh)", _fail_with_data_error),
        processes.Call("MkDocs (zh)", _note, (log, "zh mkdocs")),
    ]
    other = [
        processes.Call("render (en)", _note, (log, "en render", "", 0.5)),
        processes.Call("MkDocs (en)", _note, (log, "en mkdocs")),
    ]
    from generator.problems import DataError

    with pytest.raises(DataError):
        processes.run_chains([broken, other], workers=2, timeout=120)
    done = Path(log).read_text(encoding="utf-8")
    assert "zh mkdocs" not in done and "en mkdocs" not in done  # nothing started after the failure
    with pytest.raises(BuildError, match=r"render \(en\) did not finish within 3 s"):
        processes.run_chains([[processes.Call("render (en)", _hang)]], workers=2, timeout=3)


def test_no_deadlock_building_after_vl_convert_rendered_in_this_process(tmp_path):
    """vl-convert starts threads on its first chart; a build process forked after that could
    wait forever on a lock one of them held. The build starts its processes from a forkserver:
    a whole build from an empty cache finishes (and a hang would be stopped, not waited on)."""
    from generator import charts

    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"x": 1, "y": 2}]},
        "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
    }
    assert charts.render_svg(spec, tmp_path / "in-process-charts").lstrip().startswith("<svg")
    s = settings(tmp_path, workers=2, stage_timeout=300)
    assert not s.cache_dir.exists()
    reports = build_site(s)
    assert (s.out_dir / "index.html").is_file() and (s.out_dir / "en" / "index.html").is_file()
    assert all(r.rendered for r in reports.values()) and list((s.cache_dir / "charts").glob("*.svg"))


class _Lists(HTMLParser):
    """The lists under the heading ``id=anchor`` up to the next h2: each top-level item's own text and
    the number of items nested in it (at any depth), and whether a numbered list is nested."""

    def __init__(self, anchor: str):
        super().__init__()
        self.anchor, self.active, self.done = anchor, False, False
        self.depth = 0  # open <ol>/<ul>
        self.items: list[dict] = []
        self.nested_ol = False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "h2":
            self.done = self.active
            self.active = self.active or dict(attrs).get("id") == self.anchor
        elif self.active and tag in ("ol", "ul"):
            self.nested_ol |= tag == "ol" and self.depth > 0
            self.depth += 1
        elif self.active and tag == "li":
            if self.depth == 1:
                self.items.append({"text": "", "nested": 0})
            elif self.items:
                self.items[-1]["nested"] += 1

    def handle_endtag(self, tag):
        if self.active and not self.done and tag in ("ol", "ul"):
            self.depth -= 1

    def handle_data(self, data):
        if self.active and not self.done and self.depth == 1 and self.items:
            self.items[-1]["text"] += data


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_methodology_steps_render_as_written(site, lang):
    """P9: each numbered step is one item of one ordered list, its sub-points nested in it (not
    numbered as further steps, not run into a paragraph with literal "4." and "- ")."""
    source = (Path(__file__).resolve().parent.parent / "site_src" / "pages" / lang / "methodology.md").read_text(
        encoding="utf-8"
    )
    section = source.split("{#steps}", 1)[1].split("\n## ", 1)[0]
    written: list[int] = []  # for each numbered step, how many sub-points the Markdown gives it
    for line in section.splitlines():
        if re.match(r"\d+\. ", line):
            written.append(0)
        elif re.match(r" {4,}- ", line) and written:
            written[-1] += 1
    assert len(written) >= 8 and any(written)
    page = site / ("en/" if lang == "en" else "") / "methodology" / "index.html"
    lists = _Lists("steps")
    lists.feed(page.read_text(encoding="utf-8"))
    assert [item["nested"] for item in lists.items] == written
    assert not lists.nested_ol
    for item in lists.items:
        assert not re.search(r"(^|\n)\s*(\d+\.|-) ", item["text"]), item["text"][:80]
