"""The network pages: members and their page, experts, topics, events and their public link."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from crm import panels
from crm import services as crm_services
from crm.access import LEADS_ONLY_MESSAGE, LeadRequiredMixin, TeamRequiredMixin
from crm.exports import download_name
from crm.forms_views import OnceSubmitMixin, add_service_errors, cleaned, form_submit
from crm.models import PartnerPerson, Partnership
from network import calendar, letters, selectors, services, throttle
from network.forms import (
    EventForm,
    ExpertForm,
    InviteForm,
    PersonForm,
    PublicRegistrationForm,
    RegistrationCompanyForm,
    RegistrationForm,
    StatusForm,
    TopicForm,
)
from network.models import Event, Registration

PAGE_SIZE = 50


def _iso(value: str | None) -> bool:
    """A date as YYYY-MM-DD that exists (anything else typed into the address is ignored)."""
    try:
        return bool(value) and parse_date(value or "") is not None
    except ValueError:
        return False


# ------------------------------------------------------------------------------
# Members
# ------------------------------------------------------------------------------
class PartnerListView(TeamRequiredMixin, TemplateView):
    """The members of the network, by status and kind of membership."""

    template_name = "network/partner_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        found = selectors.partnerships_for_team(team=self.team).order_by(
            "company__legal_name", "pk"
        )
        status = self.request.GET.get("status", "")
        kind = self.request.GET.get("kind", "")
        if status in Partnership.Status.values:
            found = found.filter(status=status)
        if kind in Partnership.Kind.values:
            found = found.filter(kind=kind)
        ids = self.request.GET.get("ids", "")
        if ids:
            found = found.filter(pk__in=[int(pk) for pk in ids.split(",") if pk.isdigit()])
        return super().get_context_data(
            partnerships=found[:500],
            statuses=Partnership.Status.choices,
            kinds=Partnership.Kind.choices,
            status=status,
            kind=kind,
            **kwargs,
        )


class PartnerDetailView(TeamRequiredMixin, TemplateView):
    template_name = "network/partner_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        partnership = selectors.partnership_get(team=self.team, pk=self.kwargs["pk"])
        page = selectors.partner_page(partnership=partnership)
        page.panels = [
            {"template": panel.template_name, **panel.context(partnership)}
            for panel in panels.partner_panels()
        ]
        return super().get_context_data(
            page=page,
            partnership=partnership,
            status_form=StatusForm(initial={"status": partnership.status}),
            person_form=PersonForm(partnership=partnership),
            **kwargs,
        )


class PartnerStatusView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        partnership = selectors.partnership_get(team=self.team, pk=pk)
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                crm_services.partnership_status_change(
                    partnership=partnership, by=self.actor, **cleaned(form)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
        if form.errors:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
        else:
            messages.success(request, _("Status changed."))
        return HttpResponseRedirect(partnership.get_absolute_url())


class PartnerPersonAddView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        partnership = selectors.partnership_get(team=self.team, pk=pk)
        form = PersonForm(request.POST, partnership=partnership)
        if form.is_valid():
            try:
                crm_services.partner_person_add(
                    partnership=partnership, by=self.actor, **cleaned(form)
                )
                messages.success(request, _("Role added."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Choose a person and a role."))
        return HttpResponseRedirect(partnership.get_absolute_url())


class PartnerPersonRemoveView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(
            PartnerPerson.objects.filter(partnership__team=self.team).select_related("partnership"),
            pk=pk,
        )
        crm_services.partner_person_remove(person=person, by=self.actor)
        messages.success(request, _("Role removed."))
        return HttpResponseRedirect(person.partnership.get_absolute_url())


class PartnerIntroducerView(TeamRequiredMixin, View):
    """One click: the partner company as a network partner that can introduce and refer."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        partnership = selectors.partnership_get(team=self.team, pk=pk)
        partner = crm_services.partnership_introducer_ensure(partnership=partnership, by=self.actor)
        messages.success(request, _("%(name)s can now introduce and refer.") % {"name": partner})
        return HttpResponseRedirect(partnership.get_absolute_url())


# ------------------------------------------------------------------------------
# Experts and topics
# ------------------------------------------------------------------------------
class ExpertListView(TeamRequiredMixin, TemplateView):
    template_name = "network/expert_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        topics = list(selectors.topics_for_team(team=self.team))
        topic_id = self.request.GET.get("topic", "")
        topic = next((t for t in topics if str(t.pk) == topic_id), None)
        place = self.request.GET.get("place", "")[:100]
        text = self.request.GET.get("q", "")[:100]
        experts = selectors.experts_search(team=self.team, topic=topic, place=place, text=text)
        return super().get_context_data(
            experts=list(experts[: PAGE_SIZE * 4]),
            topics=topics,
            topic=topic,
            place=place,
            q=text,
            **kwargs,
        )


class ExpertCreateView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    form_class = ExpertForm
    template_name = "network/form.html"
    extra_context = {"title": _("List an expert")}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def get_initial(self) -> dict[str, Any]:
        contact = self.request.GET.get("contact", "")
        return {"contact": contact} if contact.isdigit() else {}

    def form_valid(self, form: Any) -> HttpResponse:
        data = cleaned(form)
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.expert_save(team=self.team, by=self.actor, **data),
            success_message=_("Expert saved."),
            invalid=self.form_invalid,
        )


class ExpertUpdateView(TeamRequiredMixin, FormView):
    form_class = ExpertForm
    template_name = "network/form.html"
    extra_context = {"title": _("Edit expert")}

    def _expert(self) -> Any:
        return selectors.expert_get(team=self.team, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def get_initial(self) -> dict[str, Any]:
        expert = self._expert()
        return {
            "contact": expert.contact_id,
            "topics": list(expert.topics.all()),
            "tags": expert.tags,
            "consent_on": expert.consent_on,
            "note": expert.note,
        }

    def form_valid(self, form: Any) -> HttpResponse:
        self._expert()
        data = cleaned(form)
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.expert_save(team=self.team, by=self.actor, **data),
            success_message=_("Expert saved."),
            invalid=self.form_invalid,
        )


class ExpertRemoveView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        expert = selectors.expert_get(team=self.team, pk=pk)
        services.expert_remove(expert=expert, by=self.actor)
        messages.success(request, _("%(name)s is no longer listed.") % {"name": expert.contact})
        return HttpResponseRedirect(reverse("network:expert_list"))


class TopicListView(LeadRequiredMixin, TemplateView):
    template_name = "network/topic_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        topics = selectors.topics_for_team(team=self.team, active_only=False)
        return super().get_context_data(topics=topics, **kwargs)


class TopicCreateView(OnceSubmitMixin, LeadRequiredMixin, FormView):
    form_class = TopicForm
    template_name = "network/form.html"
    extra_context = {"title": _("New topic")}

    def form_valid(self, form: Any) -> HttpResponse:
        data = cleaned(form)
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.topic_create(team=self.team, by=self.actor, **data),
            success_message=_("Topic saved."),
            invalid=self.form_invalid,
        )


class TopicUpdateView(LeadRequiredMixin, FormView):
    form_class = TopicForm
    template_name = "network/form.html"
    extra_context = {"title": _("Edit topic")}

    def get_form_kwargs(self) -> dict[str, Any]:
        topic = selectors.topic_get(team=self.team, pk=self.kwargs["pk"])
        return {**super().get_form_kwargs(), "instance": topic}

    def form_valid(self, form: Any) -> HttpResponse:
        topic = selectors.topic_get(team=self.team, pk=self.kwargs["pk"])
        data = cleaned(form)
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.topic_update(topic=topic, by=self.actor, **data),
            success_message=_("Topic saved."),
            invalid=self.form_invalid,
        )


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------
class EventListView(TeamRequiredMixin, TemplateView):
    template_name = "network/event_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        events = selectors.events_for_team(team=self.team)
        settings = selectors.network_settings_for(team=self.team)
        feed_url = (
            self.request.build_absolute_uri(reverse("network:feed", args=[settings.feed_token]))
            if settings
            else ""
        )
        start = (
            parse_date(self.request.GET.get("from", "") or "")
            if _iso(self.request.GET.get("from"))
            else None
        )
        end = (
            parse_date(self.request.GET.get("to", "") or "")
            if _iso(self.request.GET.get("to"))
            else None
        )
        if start or end:
            chosen = events.order_by("date", "starts_at")
            if start:
                chosen = chosen.filter(date__gte=start)
            if end:
                chosen = chosen.filter(date__lte=end)
            return super().get_context_data(
                chosen=list(chosen[: PAGE_SIZE * 4]),
                start=start,
                end=end,
                feed_url=feed_url,
                **kwargs,
            )
        return super().get_context_data(
            coming=list(events.filter(date__gte=today).order_by("date", "starts_at")),
            past=list(events.filter(date__lt=today).order_by("-date")[:PAGE_SIZE]),
            feed_url=feed_url,
            **kwargs,
        )


class EventFormMixin(TeamRequiredMixin):
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}  # type: ignore[misc]


class EventCreateView(OnceSubmitMixin, EventFormMixin, FormView):
    form_class = EventForm
    template_name = "network/form.html"
    extra_context = {"title": _("New event")}

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.event_create(team=self.team, by=self.actor, **cleaned(form)),
            success_message=_("Event saved."),
            invalid=self.form_invalid,
        )


class EventUpdateView(EventFormMixin, FormView):
    form_class = EventForm
    template_name = "network/form.html"
    extra_context = {"title": _("Edit event")}

    def get_form_kwargs(self) -> dict[str, Any]:
        event = selectors.event_get(team=self.team, pk=self.kwargs["pk"])
        return {**super().get_form_kwargs(), "instance": event}

    def form_valid(self, form: Any) -> HttpResponse:
        event = selectors.event_get(team=self.team, pk=self.kwargs["pk"])
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.event_update(event=event, by=self.actor, **cleaned(form)),
            success_message=_("Event saved."),
            invalid=self.form_invalid,
        )


class EventDetailView(TeamRequiredMixin, TemplateView):
    template_name = "network/event_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        event = selectors.event_get(team=self.team, pk=self.kwargs["pk"])
        registrations = list(selectors.registrations_for_event(event=event))
        public_url = self.request.build_absolute_uri(
            reverse("network:public_register", args=[event.public_token])
        )
        return super().get_context_data(
            event=event,
            registrations=registrations,
            registered=sum(r.status == Registration.Status.REGISTERED for r in registrations),
            waiting=sum(r.status == Registration.Status.WAITING for r in registrations),
            invitations=list(selectors.invitations_for_event(event=event)),
            register_form=RegistrationForm(team=self.team),
            link_form=RegistrationCompanyForm(team=self.team, auto_id=False),
            public_url=public_url,
            took_place=event.date <= timezone.localdate(),
            **kwargs,
        )


class EventInviteView(TeamRequiredMixin, FormView):
    form_class = InviteForm
    template_name = "network/event_invite.html"

    def get_event(self) -> Event:
        return selectors.event_get(team=self.team, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(event=self.get_event(), **kwargs)

    def _companies(self, form: Any) -> list[Any]:
        chosen = list(form.cleaned_data["companies"])
        if chosen:
            return chosen
        found: QuerySet[Any] = selectors.invitation_candidates(
            team=self.team,
            kinds=form.cleaned_data["kinds"] or None,
            district=form.cleaned_data["district"],
            topic=form.cleaned_data["topic"],
        )
        return list(found)

    def form_valid(self, form: Any) -> HttpResponse:
        event = self.get_event()
        result = services.event_invite(
            event=event,
            companies=self._companies(form),
            by=self.actor,
            mode=form.cleaned_data["mode"],
        )
        messages.success(
            self.request,
            _("%(emails)s emails sent, %(letters)s letters to print, %(already)s invited before.")
            % {
                "emails": len(result.emails),
                "letters": len(result.letters),
                "already": result.already,
            },
        )
        for company, reason in result.skipped:
            messages.warning(
                self.request,
                _("%(company)s not invited: %(reason)s")
                % {"company": company.full_name, "reason": reason},
            )
        return HttpResponseRedirect(event.get_absolute_url())


class EventRegisterView(TeamRequiredMixin, View):
    """A registration that came by phone or email, recorded by staff."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = selectors.event_get(team=self.team, pk=pk)
        form = RegistrationForm(request.POST, team=self.team)
        if form.is_valid():
            data = cleaned(form)
            try:
                registration = services.registration_record(event=event, by=self.actor, **data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                if registration.status == Registration.Status.WAITING:
                    messages.warning(
                        request,
                        _("The event is full: %(name)s is on the waiting list.")
                        % {"name": registration.name},
                    )
                else:
                    messages.success(
                        request, _("%(name)s is registered.") % {"name": registration.name}
                    )
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
        return HttpResponseRedirect(event.get_absolute_url())


class RegistrationCancelView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = selectors.registration_get(team=self.team, pk=pk)
        services.registration_cancel(registration=registration, by=self.actor)
        messages.success(request, _("Registration cancelled."))
        return HttpResponseRedirect(registration.event.get_absolute_url())


class RegistrationCompanyView(TeamRequiredMixin, View):
    """Link a public registration to its company, so that attendance reaches its record."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = selectors.registration_get(team=self.team, pk=pk)
        form = RegistrationCompanyForm(request.POST, team=self.team)
        if form.is_valid():
            services.registration_company_set(
                registration=registration, by=self.actor, company=form.cleaned_data["company"]
            )
            messages.success(request, _("Company linked."))
        else:
            messages.error(request, _("Choose a company of your own team."))
        return HttpResponseRedirect(registration.event.get_absolute_url())


class EventAttendanceView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = selectors.event_get(team=self.team, pk=pk)
        ids = [int(value) for value in request.POST.getlist("attended") if value.isdigit()]
        try:
            counts = services.attendance_record(event=event, by=self.actor, attended_ids=ids)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Attendance saved: %(attended)s came.") % {"attended": counts["attended"]},
            )
        return HttpResponseRedirect(event.get_absolute_url())


def _ics_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class EventIcsView(TeamRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = selectors.event_get(team=self.team, pk=pk)
        url = request.build_absolute_uri(event.get_absolute_url())
        return _ics_response(
            calendar.calendar_bytes([event], urls={event.pk: url}),
            download_name("termin", event.title, event.date, extension="ics"),
        )


class EventLettersView(TeamRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = selectors.event_get(team=self.team, pk=pk)
        response = HttpResponse(letters.letters_zip(event), content_type="application/zip")
        name = download_name("einladungen", event.title, event.date, extension="zip")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class FeedRenewView(TeamRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        if not self.membership.is_lead:
            raise PermissionDenied(LEADS_ONLY_MESSAGE)
        services.network_feed_renew(team=self.team, by=self.actor)
        messages.success(request, _("The calendar feed has a new address; the old one is closed."))
        return HttpResponseRedirect(reverse("network:event_list"))


# ------------------------------------------------------------------------------
# Public: no login, a secret token in the address
# ------------------------------------------------------------------------------
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The team's events as an iCalendar feed for any calendar app (secret address)."""
    team, events = selectors.feed_events(token=token)
    response = HttpResponse(
        calendar.calendar_bytes(events, name=team.name), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=900"
    return response


class PublicRegisterView(View):
    """The public registration form of an event: no login; the same answer for everyone."""

    template_name = "network/public_register.html"

    def _render(self, request: HttpRequest, event: Event, form: Any, **extra: Any) -> HttpResponse:
        context = {"event": event, "form": form, "public": True, **extra}
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        event = selectors.event_public_get(token=token)
        return self._render(request, event, PublicRegistrationForm())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        event = selectors.event_public_get(token=token)
        form = PublicRegistrationForm(request.POST)
        if throttle.too_many(request, f"register:{event.pk}"):
            return render(
                request,
                self.template_name,
                {"event": event, "form": form, "public": True, "throttled": True},
                status=429,
            )
        if not form.is_valid():
            return self._render(request, event, form)
        if form.cleaned_data["website"]:
            # A bot filled in the hidden field: it is thanked like anyone else.
            return self._render(request, event, None, done=True)
        try:
            services.registration_public(
                event=event,
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self._render(request, event, form)
        return self._render(request, event, None, done=True)


class PublicCancelView(View):
    template_name = "network/public_cancel.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        registration = get_object_or_404(
            Registration.objects.select_related("event"), cancel_token=token
        )
        return render(request, self.template_name, {"registration": registration, "public": True})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        registration = get_object_or_404(
            Registration.objects.select_related("event"), cancel_token=token
        )
        services.registration_cancel(registration=registration, by=None)
        return render(
            request,
            self.template_name,
            {"registration": registration, "public": True, "done": True},
        )


class PublicIcsView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        event = selectors.event_public_get(token=token)
        return _ics_response(
            calendar.calendar_bytes([event]),
            download_name("termin", event.title, event.date, extension="ics"),
        )
