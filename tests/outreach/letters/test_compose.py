"""Team templates (docxtpl): checked on upload, filled in with the letter's values."""

import datetime as dt
import io

import docx
import pytest

from outreach.letters import compose
from outreach.letters.din5008 import InfoBlock, Letter, Recipient, Sender


def _template(*paragraphs: str, header: str = "") -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _letter(**changes) -> Letter:
    fields = {
        "sender": Sender(name="Kompetenzzentrum Westsachsen", city="Zwickau"),
        "recipient": Recipient(
            company="Müller & Söhne <GmbH>",
            salutation="frau",
            title="Dr.",
            first_name="Petra",
            last_name="Schulz",
            street="Industriestraße 12",
            postal_code="04109",
            city="Leipzig",
        ),
        "info": InfoBlock(date=dt.date(2026, 8, 25), our_reference="17"),
        "subject": "Fachkräfte halten",
        "body": ["Erster Absatz.", "Zweiter Absatz mit „Zitat“ & mehr."],
        "signature_name": "Anna Becker",
        "privacy_notice": "Ihre Daten stammen aus dem Handelsregister.",
    }
    fields.update(changes)
    return Letter(**fields)


def _texts(blob: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(blob)).paragraphs]


def test_check_lists_the_placeholders_used():
    blob = _template(
        "{{ company.name }}",
        "{{ contact.salutation }}",
        "{% for p in statement.paragraphs %}{{ p }}{% endfor %}",
        header="{{ sender.name }}",
    )
    assert compose.template_check(blob) == [
        "company.name",
        "contact.salutation",
        "sender.name",
        "statement.paragraphs",
    ]


def test_unknown_placeholder_is_named_and_the_allowed_ones_listed():
    blob = _template("{{ company.nmae }} and {{ iban }}")
    with pytest.raises(compose.TemplateError) as error:
        compose.template_check(blob)
    assert "{{ company.nmae }}" in error.value.message
    assert "{{ iban }}" in error.value.message
    assert "company.name" in error.value.message
    assert "statement.body" in error.value.message


def test_broken_syntax_is_refused_with_the_paragraph():
    blob = _template("Sehr geehrte {{ contact.name }", "Rest")
    with pytest.raises(compose.TemplateError) as error:
        compose.template_check(blob)
    # The message quotes the paragraph the mistake is in.
    assert "Sehr geehrte {{ contact.name }" in error.value.message


def test_unknown_filter_is_refused():
    with pytest.raises(compose.TemplateError):
        compose.template_check(_template("{{ company.name|shout }}"))


def test_not_a_docx_is_refused():
    with pytest.raises(compose.TemplateError) as error:
        compose.template_check(b"PK\x03\x04 not really")
    assert error.value.message == compose.NOT_A_DOCX
    with pytest.raises(compose.TemplateError):
        compose.template_check(b"%PDF-1.4")


def test_sandbox_refuses_reaching_into_python():
    blob = _template("{{ company.name.__class__.__mro__ }}")
    with pytest.raises(compose.TemplateError):
        compose.template_check(blob)


def test_render_fills_in_and_escapes():
    blob = _template(
        "{{ company.name }}",
        "{{ contact.salutation }}",
        "{{ statement.body }}",
        "{% if letter.first %}{{ letter.privacy_notice }}{% endif %}",
        "{{ letter.date }}",
    )
    rendered = compose.template_render(blob, compose.template_values(_letter()))
    texts = _texts(rendered)
    assert texts[0] == "Müller & Söhne <GmbH>"
    assert texts[1] == "Sehr geehrte Frau Dr. Schulz,"
    # The body placeholder becomes one paragraph per statement paragraph.
    assert texts[2:4] == ["Erster Absatz.", "Zweiter Absatz mit „Zitat“ & mehr."]
    assert texts[4] == "Ihre Daten stammen aus dem Handelsregister."
    assert texts[5] == "25. August 2026"


@pytest.mark.parametrize(
    "nasty",
    [
        "<script>&amp;\"'</script>",
        "Steuer\x00\x07\x1bbüro",
        "👩‍👧 Familienfreundlich 🚀",
        "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 8,
        "שלום עליכם محمد",
        "",
        "{{ company.name }} {% if %}",
    ],
)
def test_bad_input_renders_a_valid_docx(nasty):
    letter = _letter(
        recipient=Recipient(company=nasty or "Firma", last_name=nasty, city=nasty),
        subject=nasty,
        body=[nasty, nasty],
    )
    blob = _template("{{ company.name }}", "{{ contact.salutation }}", "{{ statement.body }}")
    texts = _texts(compose.template_render(blob, compose.template_values(letter)))
    assert texts  # opens again
    if nasty.startswith("{{"):
        # Values are text, never template code.
        assert nasty in texts[0]


def test_paragraphs_split_on_blank_lines():
    assert compose.paragraphs("a\nb\n\n  \nc\r\n\r\nd") == ["a\nb", "c", "d"]
