"""Issue 15, items 3-6: the data licence, a "report an error" that works, the conventions of a
Chinese government website, and the downloads checked against the Data Package standard.

Unit tests on the settings, the link and meta builders and the About page (both languages),
then one build of the hostile fixture with repo_url, site_url and extra.government set: the
prefilled report links and the meta tags must carry hostile names as inert, exact text.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from generator import page_meta
from generator.downloads import README_NAME, ZIP_NAME, build_files
from generator.history import Entry
from generator.i18n import t
from generator.load import load
from generator.mkdocs_config import read_base
from generator.pages import about
from generator.pages.common import urls
from generator.pages.inputs import Inputs
from generator.pages.subjects import NOT_CONTENT, data_date, dated
from generator.portal import DataVersion, Portal
from generator.publishing import (
    DEFAULT_LICENCE,
    FORM_FIELDS,
    ICP_URL,
    ConfigError,
    Publishing,
    read_publishing,
    report_settings,
    theme_settings,
)
from generator.status import assess

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
VERSION = DataVersion(commit="0123456789abcdef0123456789abcdef01234567", date="2026-12-01")
LANGS = ("zh", "en")
# Every character that could end a query value, start a fragment, close an attribute or add a line.
NASTY = "A&b=c#frag \"q\" 's' <i>x</i>\n%20 ? / + 郑州"
GOV = {
    "icp_number": "豫ICP备12345678号-1",
    "police_record": {
        "number": "豫公网安备 41010502000001号",
        "url": "https://beian.mps.gov.cn/#/query?code=41010502000001",
    },
    "site_code": "4100000001",
    "content_source": "示例市知识产权局",
}


def publishing(**extra) -> Publishing:
    base = {"repo_url": extra.pop("repo_url", None), "site_url": extra.pop("site_url", None), "extra": extra}
    return read_publishing(base)


# ------------------------------------------------------------------------------ settings


def test_shipped_config_states_the_default_licence_and_leaves_the_rest_unset():
    pub = read_publishing(read_base())
    assert pub.licence == DEFAULT_LICENCE and pub.licence.id == "CC-BY-4.0"
    assert pub.contact_email is None and pub.government == type(pub.government)()
    # removing extra.license gives the same default
    assert read_publishing({"extra": {}}).licence == DEFAULT_LICENCE
    settings = theme_settings(pub, "zh")
    assert settings["icp"] is None and settings["police"] is None and settings["meta"] is None


def test_bad_settings_are_reported_together():
    with pytest.raises(ConfigError) as err:
        read_publishing(
            {
                "repo_url": "javascript:alert(1)",
                "extra": {
                    "contact_email": "a@b.cn?bcc=x@y.cn",
                    "government": {"site_code": '"><script>', "police_record": {"number": "x", "url": "ftp://x"}},
                    "license": {"id": "X"},
                },
            }
        )
    assert len(err.value.problems) == 5, err.value.problems


def test_issue_template_has_the_fields_the_link_fills():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "data-error.yml").read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert set(FORM_FIELDS.values()) <= ids


# ------------------------------------------------------------------------------ report an error


@pytest.mark.parametrize("lang", LANGS)
def test_issue_form_link_prefills_hostile_text_exactly(lang):
    pub = publishing(repo_url="https://github.com/o/r", contact_email="x@example.org")
    page = "https://example.org/p/plans/a/?x=1&y=2#frag"
    href = page_meta.report_link(report_settings(pub, lang), page, NASTY, "ignored title")
    assert href.startswith("https://github.com/o/r/issues/new?template=data-error.yml&")
    split = urlsplit(href)
    assert split.fragment == "" and not re.search(r"[\s\"'<>#]", href)
    query = parse_qs(split.query, strict_parsing=True)
    subject = " ".join(NASTY.split())  # one line
    assert query == {
        "template": ["data-error.yml"],
        "title": [t("gov.report_title", lang, subject=subject)],
        FORM_FIELDS["page"]: [page],
        FORM_FIELDS["subject"]: [subject],
        FORM_FIELDS["language"]: [t(f"language_name_{lang}", lang)],
    }


@pytest.mark.parametrize("lang", LANGS)
def test_email_link_when_there_is_no_repository(lang):
    pub = publishing(contact_email="errors@example.gov.cn")
    href = page_meta.report_link(report_settings(pub, lang), "/plans/a/", NASTY, None)
    assert href.startswith("mailto:errors@example.gov.cn?subject=")
    assert not re.search(r"[\s\"'<>#]", href)
    query = href.split("?", 1)[1]
    params = dict(p.split("=", 1) for p in query.split("&"))
    assert set(params) == {"subject", "body"}  # the hostile '&b=c' added no header
    subject = " ".join(NASTY.split())
    assert unquote(params["subject"]) == t("gov.report_title", lang, subject=subject)
    body = unquote(params["body"]).split("\r\n")
    assert body[:3] == [
        t("gov.report_field_page", lang) + ("：" if lang == "zh" else ": ") + "/plans/a/",
        t("gov.report_field_subject", lang) + ("：" if lang == "zh" else ": ") + subject,
        t("gov.report_field_language", lang) + ("：" if lang == "zh" else ": ") + t(f"language_name_{lang}", lang),
    ]


def test_no_link_without_repository_or_email_and_none_for_another_host():
    assert report_settings(publishing(), "zh") is None
    assert page_meta.report_link(None, "/", "x", "y") is None
    assert report_settings(publishing(repo_url="https://gitlab.com/o/r"), "zh") is None


def test_page_without_subject_is_named_by_its_title():
    pub = publishing(repo_url="https://github.com/o/r")
    page = SimpleNamespace(canonical_url=None, url="about/", meta={"title": "关于 &amp; 数据"}, title="")
    ctx = page_meta.page_context(theme_settings(pub, "en"), "en", page)
    query = parse_qs(urlsplit(ctx["report_url"]).query)
    assert query[FORM_FIELDS["page"]] == ["/en/about/"] and FORM_FIELDS["subject"] not in query
    assert query["title"] == [t("gov.report_title", "en", subject="关于 & 数据")]


# ------------------------------------------------------------------------------ government meta


def test_government_meta_only_with_a_site_code_and_article_meta_only_on_content_pages():
    page = SimpleNamespace(canonical_url="https://x.gov.cn/p/", url="p/", meta={"title": "T &lt;1&gt;"}, title="")
    assert page_meta.page_context(theme_settings(publishing(), "zh"), "zh", page)["meta"] == []
    gov = theme_settings(publishing(government=GOV, site_url="https://www.example.gov.cn/portal/"), "zh")
    assert dict(page_meta.page_context(gov, "zh", page)["meta"]) == {
        "SiteName": t("site_name", "zh"),
        "SiteDomain": "www.example.gov.cn",
        "SiteIDCode": "4100000001",
    }
    page.meta["pub_date"] = "2026-11-30"
    meta = dict(page_meta.page_context(gov, "zh", page)["meta"])
    assert meta["ArticleTitle"] == "T <1>" and meta["PubDate"] == "2026-11-30"
    assert meta["ContentSource"] == "示例市知识产权局"


def _entry(date: str, changes: tuple = ("c",)) -> Entry:
    return Entry(commit=date, short=date, date=date, timestamp=date, subject="", changes=changes)  # type: ignore[arg-type]


def test_pub_date_is_when_the_page_data_last_changed_else_the_data_version():
    page = urls.indicator("p", "i")
    inputs = Inputs(
        portal=Portal(),
        version=VERSION,
        page_history={page: (_entry("2025-01-01", ()), _entry("2026-03-04"), _entry("2026-05-06"))},
    )
    assert data_date(inputs, page) == "2026-05-06"
    assert data_date(inputs, urls.task("p", "t")) == VERSION.date
    from generator.pages.common import Page

    out = dated([Page(page, "t", "d", ""), Page(urls.about, "t", "d", "")], inputs)
    assert out[0].pub_date == "2026-05-06" and out[1].pub_date == "" and urls.about in NOT_CONTENT
    assert "pub_date: '2026-05-06'" in out[0].markdown() or "pub_date: 2026-05-06" in out[0].markdown()


# ------------------------------------------------------------------------------ the About page


@pytest.fixture(scope="module")
def portal() -> Portal:
    result = load(MINIMAL)
    assert not result.errors
    return result.portal


@pytest.mark.parametrize("lang", LANGS)
def test_about_page_states_licence_citation_and_how_to_report(portal, lang):
    for pub, expect in (
        (publishing(repo_url="https://github.com/o/r"), "gov.about_report_form"),
        (publishing(contact_email="e@example.org"), "gov.about_report_email"),
        (publishing(), "gov.about_report_none"),
    ):
        pub = dataclasses.replace(pub, site_url="https://example.org/portal/")
        body = about.about_page(Inputs(portal=portal, version=VERSION, publishing=pub), lang).body
        assert '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">' in body
        assert DEFAULT_LICENCE.name(lang) in body and "Apache-2.0" in body
        address = "https://example.org/portal/" + ("en/" if lang == "en" else "")
        assert address in body and "2026-12-01" in body  # the citation, by date
        assert "0123456" not in body  # public pages name no commit id (the downloads do)
        assert t(expect, lang, email="e@example.org").split("{")[0][:12] in body
        if pub.repo_url:
            assert "https://github.com/o/r/issues/new?template=data-error.yml&amp;" in body
        elif pub.contact_email:
            assert 'href="mailto:e@example.org?subject=' in body
        else:
            assert "issues/new" not in body and "mailto:" not in body


# ------------------------------------------------------------------------------ downloads


def _files(portal: Portal, pub: Publishing) -> dict[str, bytes]:
    assessments = {
        (pd.plan.id, i.id): assess(i, pd.observations_for(i.id), 2024, period_start=pd.plan.period.start)
        for _, pd in portal.plans()
        for i in pd.indicators
    }
    return build_files(portal, assessments, VERSION, pub)


def test_datapackage_licence_and_the_zip_readme_follow_the_settings(portal):
    lic = {
        "id": "ODbL-1.0",
        "name": {"zh": "开放数据库许可", "en": "Open Database License"},
        "url": "https://opendatacommons.org/licenses/odbl/1-0/",
    }
    files = _files(portal, publishing(license=lic, site_url="https://example.org/portal"))
    package = json.loads(files["datapackage.json"])
    assert package["licenses"] == [{"name": "ODbL-1.0", "path": lic["url"], "title": "Open Database License"}]
    with zipfile.ZipFile(io.BytesIO(files[ZIP_NAME])) as zf:
        readme = zf.read(README_NAME).decode("utf-8")
        assert json.loads(zf.read("datapackage.json"))["licenses"] == package["licenses"]
    for text in ("开放数据库许可", "Open Database License", lic["url"], "0123456", "2026-12-01"):
        assert text in readme
    assert "https://example.org/portal/" in readme and "https://example.org/portal/en/" in readme
    assert README_NAME not in files  # only in the zip


def test_datapackage_is_valid_by_frictionless(portal, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    files = _files(portal, Publishing())
    with zipfile.ZipFile(io.BytesIO(files[ZIP_NAME])) as zf:
        zf.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    errors = [(e.type, getattr(e, "note", "")) for task in report.tasks for e in task.errors] + [
        (e.type, getattr(e, "note", "")) for e in report.errors
    ]
    assert report.valid, errors[:20]
    assert len(report.tasks) == len(json.loads(files["datapackage.json"])["resources"])


# ------------------------------------------------------------------------------ a deployed build


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[tuple[dict, str]] = []
        self._a: dict | None = None
        self._text: list[str] = []
        self.canonical = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta[a["name"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        if tag == "a":
            self._a, self._text = a, []

    def handle_data(self, data):
        if self._a is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._a is not None:
            self.links.append((self._a, "".join(self._text)))
            self._a = None


def tags(path: Path) -> _Tags:
    p = _Tags()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> tuple[Path, Portal]:
    from generator.pipeline import BuildSettings, build_site

    tmp = tmp_path_factory.mktemp("gov")
    data = tmp / "data"
    shutil.copytree(HOSTILE / "inert", data)
    base = read_base()
    base["repo_url"] = "https://github.com/example/portal"
    base["site_url"] = "https://www.example.gov.cn/portal/"
    base["extra"]["government"] = GOV
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    # data/ in git, so pages have a data date (PubDate)
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-11-30T12:00:00+08:00",
        "GIT_COMMITTER_DATE": "2026-11-30T12:00:00+08:00",
    }
    for args in (
        ["init", "-q"],
        ["add", "data"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "data"],
    ):
        subprocess.run(["git", *args], cwd=tmp, env=env, check=True)
    build_site(
        BuildSettings(data_dir=data, out_dir=tmp / "site", cache_dir=tmp / "cache", mkdocs_yml=tmp / "mkdocs.yml")
    )
    return tmp / "site", load(data).portal


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_deployed_build_footer_meta_and_report_links(deployed, lang):
    site, portal = deployed
    root = site / "en" if lang == "en" else site
    prefix = "https://www.example.gov.cn/portal/" + ("en/" if lang == "en" else "")
    checked = 0
    for f in sorted(root.rglob("index.html")):
        if lang == "zh" and f.relative_to(site).parts[0] == "en":
            continue
        page = tags(f)
        # Material's repository widget (it asks api.github.com on every page view) stays off
        assert "data-md-component=source" not in f.read_text(encoding="utf-8"), f
        assert page.meta["SiteIDCode"] == "4100000001" and page.meta["SiteDomain"] == "www.example.gov.cn", f
        assert page.meta["SiteName"] == t("site_name", lang)
        footer = {text: a for a, text in page.links}
        assert footer[GOV["icp_number"]]["href"] == ICP_URL, f
        assert footer[GOV["police_record"]["number"]]["href"] == GOV["police_record"]["url"]
        assert footer[DEFAULT_LICENCE.name(lang)]["href"] == DEFAULT_LICENCE.url
        report = footer[t("report_error", lang)]["href"]
        query = parse_qs(urlsplit(report).query)
        assert report.startswith("https://github.com/example/portal/issues/new?template=data-error.yml&")
        assert query[FORM_FIELDS["page"]] == [page.canonical] and page.canonical.startswith(prefix), f
        assert query[FORM_FIELDS["language"]] == [t(f"language_name_{lang}", lang)]
        checked += 1
    assert checked > 8
    # the hostile names: exact text in the prefill and in ArticleTitle, an ISO date in PubDate
    for _, pd in portal.plans():
        for ind in pd.indicators:
            f = root / urls.indicator(pd.plan.id, ind.id).replace(".md", ".html")
            page = tags(f)
            name = " ".join(((ind.name.en or ind.name.zh) if lang == "en" else ind.name.zh).split())
            report = next(a["href"] for a, text in page.links if text == t("report_error", lang))
            assert parse_qs(urlsplit(report).query)[FORM_FIELDS["subject"]] == [name]
            assert (
                re.fullmatch(r"\d{4}-\d\d-\d\d", page.meta["PubDate"])
                and page.meta["ContentSource"] == GOV["content_source"]
            )
            assert page.meta["PubDate"] == "2026-11-30"
            assert name.split()[0] in page.meta["ArticleTitle"]
    not_found = tags(root / "404.html")
    assert not_found.meta["SiteIDCode"] == "4100000001" and "PubDate" not in not_found.meta
    about_page = tags(root / "about" / "index.html")
    assert "ArticleTitle" not in about_page.meta  # not a content page


@pytest.mark.slow
def test_deployed_build_has_no_live_payload(deployed):
    site, _ = deployed
    sys.path.insert(0, str(ROOT / "tests"))
    from test_hostile import live_payloads

    form = "<a href='https://github.com/example/portal/issues/new?"
    for f in site.rglob("*.html"):
        found = [p for p in live_payloads(f.read_text(encoding="utf-8")) if p != "<base> element"]
        # a name in the issue form's prefill is a percent-encoded query value: inert text
        reports = [p for p in found if p.startswith(form) and p.endswith("'> carries a payload")]
        for p in reports:
            assert re.fullmatch(r"[A-Za-z0-9%._~=&?/:-]+", p[len("<a href='") : -len("'> carries a payload")]), p
        assert [p for p in found if p not in reports] == [], f
