"""Shared view plumbing: forms whose valid data goes through one service call."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect


def form_submit(
    *,
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[], Model],
    success_message: str,
    invalid: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """Run the service `action` for a valid form; a rule it refuses lands on the form.

    The service validates again (so admin, commands and tasks obey the same
    rules); anything it refuses is shown at the field it concerns and nothing
    is saved, because every service runs in one transaction.
    """
    try:
        obj = action()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return invalid(form)
    messages.success(request, success_message)
    return HttpResponseRedirect(obj.get_absolute_url())  # type: ignore[attr-defined]


def cleaned(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data restricted to its declared fields."""
    return {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal at the fields it names; the rest above the form.

    A service may name a field the form does not have (a rule about the company
    refused on a form that only moves the case): that message goes on top
    instead of raising.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
