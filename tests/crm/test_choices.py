"""The filter forms' options are written by a tag; they must read as the template loop did."""

import pytest
from django import forms
from django.template import Context, Template

from crm.filters import CaseListFilter
from crm.models import AcquisitionCase

pytestmark = pytest.mark.django_db

LOOP = (
    '{% for value, label in field.field.choices %}<option value="{{ value }}"'
    "{% if field.value|stringformat:'s' == value|stringformat:'s' %} selected{% endif %}>"
    "{{ label }}</option>{% endfor %}"
)
TAG = "{% load choices %}{% select_options field %}"


def _both(field: forms.BoundField) -> tuple[str, str]:
    context = Context({"field": field})
    return Template(LOOP).render(context), Template(TAG).render(context)


class Choosing(forms.Form):
    colour = forms.ChoiceField(
        required=False, choices=[("", "—"), ("r", "Rot & <Grün>"), ("1", "Eins")]
    )
    number = forms.TypedChoiceField(required=False, coerce=int, choices=[(1, "1"), (2, "2")])


@pytest.mark.parametrize("data", [None, {}, {"colour": "r", "number": "2"}, {"colour": "x"}])
def test_the_options_read_as_the_template_loop_wrote_them(data):
    form = Choosing(data)
    for name in ("colour", "number"):
        loop, tag = _both(form[name])
        assert tag == loop
        assert "&lt;Grün&gt;" in tag or name == "number"


def test_a_case_list_filter_reads_the_same_with_a_person_and_a_stage_chosen(team, staff):
    stage = team.pipelines.first().stages.first()
    chosen = CaseListFilter(
        {"owner": str(staff.user.pk), "stage": str(stage.pk), "source": "event"},
        queryset=AcquisitionCase.objects.all(),
        team=team,
    )
    for name in ("owner", "stage", "source", "district"):
        loop, tag = _both(chosen.form[name])
        assert tag == loop
    assert f'value="{staff.user.pk}" selected' in _both(chosen.form["owner"])[1]


def test_a_choice_label_is_shown_in_the_active_language(team, staff):
    from django.utils import translation

    from crm.models import Source
    from tests.factories import AcquisitionCaseFactory

    case = AcquisitionCaseFactory(team=team, owner=staff.user, source=Source.EVENT)
    with translation.override("de"):
        german = case.get_source_display()
    with translation.override("en"):
        english = case.get_source_display()
        assert english == str(Source.EVENT.label)
    assert german != english
    case.source = "not-a-choice"
    assert case.get_source_display() == "not-a-choice"
