"""How the portal is published: the data's licence, where errors are reported, and the
conventions of a Chinese government website. Read from mkdocs.yml, pure: dicts in, frozen data out.

``extra.license``: the licence of the data compilation (id, name, url); the default, when the key
is missing, is ``DEFAULT_LICENCE`` (CC BY 4.0, the licence open-data portals such as Our World in
Data use). ``extra.contact_email``: where errors are reported when there is no ``repo_url``.
``extra.government``: filing numbers and the site identifier code (政府网站标识码), every one
inert when unset. The code of the portal itself is licensed separately (``LICENSE``, Apache-2.0).

Settings are the deployer's, not data, but they still reach pages as attributes and URLs: each
value is checked here (a URL is http(s), an e-mail address has one ``@`` and no spaces), and
the templates escape them. ``read_publishing`` collects every problem and raises once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .i18n import t
from .i18n.lang import colon

ISSUE_TEMPLATE = "data-error.yml"  # .github/ISSUE_TEMPLATE/; its field ids are FORM_FIELDS' values
FORM_FIELDS = {"page": "page_url", "subject": "subject", "language": "language"}
ICP_URL = "https://beian.miit.gov.cn/"
CODE_LICENCE = "Apache-2.0"  # the LICENSE file at the repository root
_URL = re.compile(r"^https?://[^\s\"'<>\\]+$")
_EMAIL = re.compile(r"^[^@\s\"'<>\\,;:?&#/]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_SITE_CODE = re.compile(r"^[A-Za-z0-9-]{1,40}$")


@dataclass(frozen=True)
class Licence:
    """The licence of the data compilation: an SPDX id, its name in each language, its address."""

    id: str
    url: str
    name_zh: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh


DEFAULT_LICENCE = Licence(
    id="CC-BY-4.0",
    url="https://creativecommons.org/licenses/by/4.0/",
    name_zh="知识共享署名 4.0 国际许可协议（CC BY 4.0）",
    name_en="Creative Commons Attribution 4.0 International (CC BY 4.0)",
)


@dataclass(frozen=True)
class Government:
    """``extra.government``: every field optional; an empty one adds nothing to any page."""

    icp_number: str | None = None  # ICP 备案号, e.g. 豫ICP备12345678号
    police_record: str | None = None  # 公安备案号, e.g. 豫公网安备 41010502000001号
    police_record_url: str | None = None  # the record's page on beian.mps.gov.cn
    site_code: str | None = None  # 政府网站标识码
    site_name: str | None = None  # SiteName; default: the site's name in the page's language
    site_domain: str | None = None  # SiteDomain; default: the host of site_url
    content_source: str | None = None  # ContentSource of content pages; default: the site's name


@dataclass(frozen=True)
class Publishing:
    licence: Licence = DEFAULT_LICENCE
    repo_url: str | None = None
    contact_email: str | None = None
    site_url: str | None = None
    government: Government = field(default_factory=Government)

    @property
    def issue_form(self) -> str | None:
        """The data-error issue form of a GitHub repository (None for another host)."""
        if self.repo_url and self.repo_url.startswith("https://github.com/"):
            return self.repo_url.rstrip("/") + "/issues/new"
        return None


class ConfigError(ValueError):
    """mkdocs.yml holds publishing settings that cannot be used; ``problems`` lists them all."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("mkdocs.yml: " + "; ".join(problems))


def _text(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def read_publishing(base: dict[str, Any]) -> Publishing:
    """The publishing settings of mkdocs.yml (``base``); ``ConfigError`` lists every bad value."""
    problems: list[str] = []
    extra = base.get("extra") or {}

    def url(value: Any, where: str) -> str | None:
        text = _text(value)
        if text and not _URL.match(text):
            problems.append(f"{where} must be an http(s) address, not {text!r}")
            return None
        return text

    raw = extra.get("license")
    licence = DEFAULT_LICENCE
    if raw is not None:
        if not isinstance(raw, dict) or not _text(raw.get("id")) or not raw.get("name") or not _text(raw.get("url")):
            problems.append("extra.license needs id, name and url")
        else:
            names = raw["name"] if isinstance(raw["name"], dict) else {"zh": raw["name"], "en": raw["name"]}
            zh, en = _text(names.get("zh")) or _text(names.get("en")), _text(names.get("en")) or _text(names.get("zh"))
            licence = Licence(
                id=str(_text(raw["id"])),
                url=url(raw["url"], "extra.license.url") or DEFAULT_LICENCE.url,
                name_zh=zh or "",
                name_en=en or "",
            )

    email = _text(extra.get("contact_email"))
    if email and not _EMAIL.match(email):
        problems.append(f"extra.contact_email is not an e-mail address: {email!r}")
        email = None

    gov = extra.get("government") or {}
    if not isinstance(gov, dict):
        problems.append("extra.government must be a mapping")
        gov = {}
    police = gov.get("police_record") or {}
    if not isinstance(police, dict):
        problems.append("extra.government.police_record needs number and url")
        police = {}
    code = _text(gov.get("site_code"))
    if code and not _SITE_CODE.match(code):
        problems.append(f"extra.government.site_code must be letters and digits: {code!r}")
        code = None
    government = Government(
        icp_number=_text(gov.get("icp_number")),
        police_record=_text(police.get("number")),
        police_record_url=url(police.get("url"), "extra.government.police_record.url"),
        site_code=code,
        site_name=_text(gov.get("site_name")),
        site_domain=_text(gov.get("site_domain")),
        content_source=_text(gov.get("content_source")),
    )
    repo_url = url(base.get("repo_url"), "repo_url")
    site_url = url(base.get("site_url"), "site_url")
    if problems:
        raise ConfigError(problems)
    return Publishing(licence, repo_url, email, site_url, government)


# ------------------------------------------------------------------------------ citation and README


def site_base(site_url: str | None, lang: str) -> str | None:
    """The language's public root (``https://example.org/`` or ``…/en/``), or None when the site's
    address is not set or not a plain http(s) address."""
    if not site_url or not _URL.match(site_url.strip()):
        return None
    return site_url.strip().rstrip("/") + "/" + ("en/" if lang == "en" else "")


def site_address(pub: Publishing, lang: str) -> str | None:
    """The portal's public address in ``lang`` (None without a site_url)."""
    return site_base(pub.site_url, lang)


def citation(pub: Publishing, lang: str, version: str | None, date: str | None) -> str:
    """The suggested citation of the whole dataset: portal, data version and date, address.
    ``version`` None: by date only (public pages name no commit id; the downloads do)."""
    values = {
        "portal": t("site_name", lang),
        "date": date or t("gov.date_unknown", lang),
        "address": site_address(pub, lang) or t("gov.no_address", lang),
    }
    if version is None:
        return t("gov.citation_dated", lang, **values)
    return t("gov.citation", lang, version=version, **values)


def readme_text(pub: Publishing, version: str | None, date: str | None) -> str:
    """README.txt of the download zip: what it is, the licence and how to cite it, in both languages."""
    blocks = []
    for lang in ("zh", "en"):
        lic = pub.licence
        blocks.append(
            "\r\n".join(
                [
                    t("site_name", lang),
                    "",
                    t("gov.readme_intro", lang),
                    "",
                    t("gov.readme_licence", lang, name=lic.name(lang), url=lic.url),
                    "",
                    t("gov.readme_cite", lang),
                    citation(pub, lang, version or t("gov.version_unknown", lang), date),
                ]
            )
        )
    return ("\r\n\r\n" + "-" * 40 + "\r\n\r\n").join(blocks) + "\r\n"


def package_licences(licence: Licence) -> list[dict[str, str]]:
    """``licenses`` of datapackage.json (Data Package spec: name = an Open Definition/SPDX id, path, title)."""
    return [{"name": licence.id, "path": licence.url, "title": licence.name_en}]


# ------------------------------------------------------------------------------ site settings for the theme


def site_domain(pub: Publishing) -> str | None:
    return pub.government.site_domain or (urlsplit(pub.site_url).hostname if pub.site_url else None)


def theme_settings(pub: Publishing, lang: str) -> dict[str, Any]:
    """What the templates and the page hook (generator/page_meta.py) read, as plain data, in ``lang``:
    the licence, the filing numbers, the site meta, the report-an-error link's words, the text-size
    control's words."""
    g = pub.government
    site_name = g.site_name or t("site_name", lang)
    return {
        "licence": {
            "label": t("gov.footer_licence", lang) + colon(lang),
            "name": pub.licence.name(lang),
            "url": pub.licence.url,
        },
        "icp": {"number": g.icp_number, "url": ICP_URL} if g.icp_number else None,
        "police": {"number": g.police_record, "url": g.police_record_url} if g.police_record else None,
        "meta": (
            {
                "site_code": g.site_code,
                "site_name": site_name,
                "site_domain": site_domain(pub),
                "content_source": g.content_source or site_name,
            }
            if g.site_code
            else None
        ),
        "report": report_settings(pub, lang),
        "text_size": {
            "larger": t("gov.text_larger", lang),
            "larger_label": t("gov.text_larger_label", lang),
            "normal": t("gov.text_normal", lang),
            "normal_label": t("gov.text_normal_label", lang),
        },
    }


def report_settings(pub: Publishing, lang: str) -> dict[str, Any] | None:
    """Where and how page_meta.report_link addresses a report, in ``lang`` (None: nowhere)."""
    if not pub.issue_form and not pub.contact_email:
        return None
    return {
        "form": pub.issue_form,
        "template": ISSUE_TEMPLATE,
        "fields": FORM_FIELDS,
        "email": None if pub.issue_form else pub.contact_email,
        "title": t("gov.report_title", lang, subject="{subject}"),
        "title_page": t("gov.report_title_page", lang),
        "language": t(f"language_name_{lang}", lang),
        "labels": {
            key: t(f"gov.report_field_{key}", lang) + colon(lang)
            for key in ("page", "subject", "language", "what", "correct", "source")
        },
    }
