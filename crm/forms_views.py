"""Shared view plumbing: forms whose valid data goes through one service call, and
creating forms that create once however often they are sent."""

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.models import SubmissionToken

Created = TypeVar("Created", bound=Model)

# The hidden field of a creating form: its one-time token.
SUBMISSION_FIELD = "submission"
# Tokens older than this are forgotten (a form left open longer simply creates).
SUBMISSION_KEPT = timedelta(days=2)
ALREADY_SUBMITTED = _("This form had been sent already; it was saved once, and here it is.")
SUBMISSION_FOREIGN = _("This form cannot be sent again. Reload the page and try once more.")


class AlreadySubmitted(Exception):
    """The same creating form was sent before; `url` is the record it made."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class OnceSubmitMixin:
    """For the views of creating forms: a one-time token travels with the form, so that
    sending it twice creates one record (`form_submit` checks it)."""

    def get_form(self, form_class: Any = None) -> forms.BaseForm:
        form = super().get_form(form_class)  # type: ignore[misc]
        submission_field_add(form)
        return form

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Sent before and saved: straight to the record, before the form judges the
        # data again (it might now say "exists already" about its own first copy).
        url = submission_url(token=request.POST.get(SUBMISSION_FIELD, ""), user_id=request.user.pk)
        if url:
            messages.info(request, ALREADY_SUBMITTED)
            return HttpResponseRedirect(url)
        return super().post(request, *args, **kwargs)  # type: ignore[misc]


def submission_url(*, token: str, user_id: Any) -> str:
    """The address of the record the form with `token` made, or "" if it made none yet."""
    if not token or user_id is None:
        return ""
    found = SubmissionToken.objects.filter(token=token, user_id=user_id).values_list("url")
    return next((url for (url,) in found), "")


def submission_field_add(form: forms.BaseForm) -> None:
    """Give `form` the hidden one-time token (also in its crispy layout, if it has one)."""
    form.fields[SUBMISSION_FIELD] = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=64,
        initial=secrets.token_urlsafe(24),
    )
    helper = getattr(form, "helper", None)
    layout = getattr(helper, "layout", None)
    if layout is not None:
        layout.append(SUBMISSION_FIELD)


def submit_once(
    *,
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[], Created],
    url: Callable[[Created], str] | None = None,
) -> Created:
    """Run `action` once per token of `form`; raises `AlreadySubmitted` for a repeat.

    The token row, the record and the record's address commit together: a refused
    action leaves the token free, so the corrected form can be sent again.
    """
    token = form.cleaned_data.get(SUBMISSION_FIELD) if SUBMISSION_FIELD in form.fields else ""
    if not token or not request.user.is_authenticated:
        return action()
    with transaction.atomic():
        _claim(token, request.user.pk)
        obj = action()
        address = url(obj) if url else obj.get_absolute_url()  # type: ignore[attr-defined]
        SubmissionToken.objects.filter(token=token).update(url=address[:500])
    return obj


def _claim(token: str, user_id: Any) -> None:
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token, user_id=user_id)
    except IntegrityError:
        # Sent before (or being sent right now: the unique index waited for it).
        first = SubmissionToken.objects.filter(token=token, user_id=user_id).first()
        if first is None or not first.url:
            raise ValidationError(SUBMISSION_FOREIGN, code="submitted") from None
        raise AlreadySubmitted(first.url) from None
    SubmissionToken.objects.filter(created_at__lt=timezone.now() - SUBMISSION_KEPT).delete()


def form_submit(
    *,
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[], Model],
    success_message: str,
    invalid: Callable[[Any], HttpResponse],
    redirect_to: str = "",
) -> HttpResponse:
    """Run the service `action` for a valid form; a rule it refuses lands on the form.

    Saved, the user lands on `redirect_to` (the page that sent her here, see
    `crm.navigation.next_url`), else on the saved object's page.

    The service validates again (so admin, commands and tasks obey the same
    rules); anything it refuses is shown at the field it concerns and nothing
    is saved, because every service runs in one transaction. A creating form
    (`OnceSubmitMixin`) sent a second time leads to the record the first made.
    """
    try:
        obj = submit_once(request=request, form=form, action=action)
    except AlreadySubmitted as done:
        messages.info(request, ALREADY_SUBMITTED)
        return HttpResponseRedirect(done.url)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return invalid(form)
    messages.success(request, success_message)
    return HttpResponseRedirect(redirect_to or obj.get_absolute_url())  # type: ignore[attr-defined]


def cleaned(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data restricted to its declared fields (never the token)."""
    return {
        name: form.cleaned_data[name]
        for name in form.fields
        if name in form.cleaned_data and name != SUBMISSION_FIELD
    }


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
