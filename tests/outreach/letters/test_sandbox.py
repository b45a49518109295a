"""Templates that cannot break letters: refused on upload with the expression named,
within a second; and one stored before the check fails with a message, not a 500."""

import io
import time

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from benefits.models import BenefitStatement
from outreach.letters import compose
from outreach.letters import services as letter_services
from outreach.models import Campaign, CampaignItem, Letter, LetterBatch, LetterTemplate
from tests.factories import AcquisitionCaseFactory, ContactFactory, NeedsProfileFactory

# The issue asks for "within a second"; the bound is wider so a busy machine does not
# make the test flaky (the measured times are far below it).
UPPER_BOUND_SECONDS = 5.0

HOSTILE = {
    "mro": ("{{ ''.__class__.__mro__ }}", "__class__"),
    "subclasses": (
        "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
        "__class__",
    ),
    "class alone": ("{{ ''.__class__ }}", "unsafe"),
    "repetition": ("{{ 'x' * 100000000 }}", "200000"),
    "doubling": (
        "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        "200000",
    ),
    "nested loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "0.5",
    ),
    "power": ("{{ 9 ** 9 ** 9 }}", "zu große Zahl"),
    "padding": ("{{ 'a'|center(1000000000) }}", "1000000000"),
    "format width": ("{{ '{:>999999999}'.format(1) }}", "Formatbreite"),
    "percent width": ("{{ '%0999999999d' % 1 }}", "Formatbreite"),
    "replace": ("{{ ('x' * 1000)|replace('', 'y' * 1000) }}", "200000"),
    # Refused already by the placeholder names (the sandbox would refuse it too).
    "undefined attribute": ("{{ company.name.upper.__globals__ }}", "Tandem"),
    "undefined on a literal": ("{{ 'a'.nothing.more }}", "nothing"),
}


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("case_name", list(HOSTILE))
def test_a_hostile_template_is_refused_on_upload_within_a_second(case_name):
    expression, detail = HOSTILE[case_name]
    blob = _docx("Sehr geehrte Damen und Herren,", expression, "{{ company.name }}")
    started = time.monotonic()
    with pytest.raises(compose.TemplateError) as error:
        compose.template_check(blob)
    elapsed = time.monotonic() - started
    print(f"refused {case_name!r} in {elapsed:.3f} s")
    assert elapsed < UPPER_BOUND_SECONDS
    assert expression[:20] in error.value.message
    assert detail in error.value.message


def test_a_normal_template_still_passes_with_loops_and_conditions():
    blob = _docx(
        "{{ contact.salutation }}",
        "{% for p in statement.paragraphs %}{{ p }} {% endfor %}",
        "{% if letter.first %}{{ letter.privacy_notice }}{% endif %}",
        "{{ company.name|upper }} · {{ '%s, %s'|format(sender.city, letter.date) }}",
    )
    assert "contact.salutation" in compose.template_check(blob)


def test_upload_form_names_the_expression(lead_client, team):
    response = lead_client.post(
        reverse("outreach:letter_settings"),
        {
            "upload": "1",
            "name": "Hausbrief",
            "file": SimpleUploadedFile("brief.docx", _docx("{{ ''.__class__.__mro__ }}")),
        },
    )
    assert response.status_code == 200
    (error,) = response.context["upload_form"].errors["file"]
    assert "{{ ''.__class__.__mro__ }}" in error
    assert not LetterTemplate.objects.exists()


# -- a template stored before the check (or by other means) -------------------------------
def _stored_template(team, *paragraphs: str) -> LetterTemplate:
    template = LetterTemplate(team=team, name="Alt")
    template.file.save("alt.docx", ContentFile(_docx(*paragraphs)), save=False)
    template.save()
    return template


@pytest.fixture
def ready(case):
    NeedsProfileFactory(company=case.company)
    BenefitStatement.objects.create(
        team=case.team, company=case.company, text="Ein Absatz.", status="approved"
    )
    return ContactFactory(company=case.company, salutation="herr", last_name="Yilmaz")


def test_preview_and_generation_with_a_broken_template_show_a_message(staff_client, case, ready):
    template = _stored_template(case.team, "{{ ''.__class__.__mro__ }}")
    url = reverse("outreach:case_letter", args=[case.pk])
    preview = staff_client.get(url, {"contact": ready.pk, "template": template.pk})
    assert preview.status_code == 200
    assert "__mro__" in str(preview.context["form"].errors["template"])
    response = staff_client.post(
        url, {"contact": ready.pk, "template": template.pk, "subject": "Betreff"}
    )
    assert response.status_code == 200
    assert "nicht ausfüllen" in str(response.context["form"].errors["template"])
    assert not Letter.objects.exists()


def test_generation_with_a_slow_template_stops_within_a_second(staff, case, ready):
    template = _stored_template(
        case.team,
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    )
    started = time.monotonic()
    with pytest.raises(letter_services.ValidationError) as error:
        letter_services.letter_generate(case=case, by=staff.user, contact=ready, template=template)
    elapsed = time.monotonic() - started
    print(f"slow template stopped at generation in {elapsed:.3f} s")
    assert elapsed < UPPER_BOUND_SECONDS
    assert "template" in error.value.message_dict


def test_a_batch_item_fails_with_its_reason(team, lead, staff, django_capture_on_commit_callbacks):
    template = _stored_template(team, "{{ company.name }}", "{{ 'x' * 100000000 }}")
    campaign = Campaign.objects.create(
        team=team,
        name="Herbst",
        status=Campaign.Status.APPROVED,
        created_by=lead.user,
        template=template,
    )
    case = AcquisitionCaseFactory(team=team, owner=staff.user)
    item = CampaignItem.objects.create(
        campaign=campaign, case=case, contact=ContactFactory(company=case.company), text="Text."
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch = letter_services.letter_batch_start(campaign=campaign, by=lead.user)
    batch.refresh_from_db()
    assert batch.status == LetterBatch.Status.DONE
    assert batch.produced == 0
    (skipped,) = batch.skipped
    assert skipped["item"] == item.pk
    assert "Vorlage ist gescheitert" in skipped["reason"]
    assert "'x' * 100000000" in skipped["reason"]
