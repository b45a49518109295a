"""The German and English catalogues are complete and compiled."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

ENTRY = re.compile(
    r'^(?P<flags>(?:#.*\n)*)msgid (?P<id>"(?:.*)"\n(?:".*"\n)*)(?:msgid_plural .*\n(?:".*"\n)*)?'
    r"(?P<strs>(?:msgstr(?:\[\d\])? .*\n(?:\".*\"\n)*)+)",
    re.MULTILINE,
)


def _entries(language: str) -> list[re.Match[str]]:
    po = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8") + "\n"
    return [m for m in ENTRY.finditer(text) if m["id"] != '""\n']


def _unquote(block: str) -> str:
    return "".join(
        bytes(part, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
        for part in re.findall(r'"(.*)"', block)
    )


@pytest.mark.parametrize("language", ["de", "en"])
def test_catalogue_has_no_empty_or_fuzzy_entries(language):
    entries = _entries(language)
    assert len(entries) > 100
    untranslated = [_unquote(m["id"]) for m in entries if re.search(r' ""\n(?!")', m["strs"])]
    fuzzy = [_unquote(m["id"]) for m in entries if "fuzzy" in m["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_compiled_catalogue_matches_the_po_file(language):
    mo = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    compiled = {key if isinstance(key, str) else key[0] for key in catalog}
    missing = [msgid for m in _entries(language) if (msgid := _unquote(m["id"])) not in compiled]
    assert missing == [], "run `make messages` to compile the catalogues"
