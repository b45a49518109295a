"""Start page, team switching, and the pipeline: board, case list, case pages."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView
from django.views.i18n import set_language
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from companies.selectors import company_count, partners_for_team
from crm import selectors, services
from crm.access import TeamRequiredMixin
from crm.exports import csv_writer, download_name, spreadsheet_safe
from crm.filters import BoardFilter, CaseListFilter
from crm.forms import CaseBulkForm, CaseOpenForm, CaseUpdateForm, MoveForm, NextStepForm
from crm.forms_views import OnceSubmitMixin, add_service_errors, cleaned, form_submit
from crm.middleware import ACTIVE_TEAM_SESSION_KEY
from crm.models import AcquisitionCase, Stage, Team
from crm.page_cache import CachedPageMixin
from crm.paging import CountedPaginator
from crm.selectors import memberships_for_user
from crm.tables import CaseTable

PAGE_SIZE = 25
# The dashboard lists this many cases per box and links to the list for the rest.
DASHBOARD_ROWS = 8


class HomeView(TeamRequiredMixin, CachedPageMixin, TemplateView):
    """The dashboard: what needs the user's attention today."""

    template_name = "crm/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        me = self.actor
        # Only the rows shown are loaded; the counts are counted in the database.
        stages = list(selectors.stages_for_team(team=self.team))
        attention, stage_counts = selectors.owner_figures(team=self.team, owner=me, stages=stages)
        context.update(
            company_count=company_count(team=self.team),
            partner_count=partners_for_team(team=self.team).count(),
            due=selectors.cases_due(team=self.team, owner=me, limit=DASHBOARD_ROWS),
            due_count=attention.due,
            rotting=selectors.cases_rotting(
                team=self.team, owner=me, limit=DASHBOARD_ROWS, stages=stages
            ),
            rotting_count=attention.rotting,
            attention_count=attention.either,
            stage_counts=stage_counts,
            stage_max=max((row.count for row in stage_counts), default=0) or 1,
            my_case_count=sum(row.count for row in stage_counts),
            show_pipeline_names=len({row.stage.pipeline_id for row in stage_counts}) > 1,
            my_list_url=f"{reverse('cases:list')}?owner={me.pk}",
        )
        if self.membership.is_lead:
            # A lead sees the whole team first; her own boxes follow.
            context["team_view"] = selectors.team_view(team=self.team, stages=stages)
        return context


class BareView(TeamRequiredMixin, TemplateView):
    """The base layout for a logged-in team member and nothing else: the load benchmark's
    floor (reachable only with the BENCH_LOAD setting, see crm.urls)."""

    template_name = "crm/bench_bare.html"


class TeamSwitchView(TeamRequiredMixin, View):
    """Make another of the user's teams the active one."""

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            team_id = int(request.POST.get("team", ""))
        except ValueError:
            team_id = 0
        membership = memberships_for_user(user=request.user).filter(team_id=team_id).first()
        if membership is None:
            messages.error(request, _("You are not a member of that team."))
        else:
            request.session[ACTIVE_TEAM_SESSION_KEY] = membership.team_id
            messages.success(
                request, _("You are now working in %(team)s.") % {"team": membership.team.name}
            )
        # Object pages of the old team would answer 404: start over on the home page.
        return redirect("home")


def language_set(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembering the choice for emails to a signed-in user."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


# ------------------------------------------------------------------------------
# Board
# ------------------------------------------------------------------------------
def _move_options(stages: Iterable[Stage], current: Stage) -> SafeString:
    """A card's "move to" choices: every other stage of its pipeline."""
    return format_html_join(
        "", '<option value="{}">{}</option>', ((s.pk, s.name) for s in stages if s != current)
    )


def _board_url(query_string: str) -> str:
    return f"{reverse('pipeline')}?{query_string}" if query_string else reverse("pipeline")


def _board_context(*, team: Team, query: QueryDict, htmx: bool = False) -> dict[str, Any]:
    """Everything the board (page or fragment) shows for the filters in `query`."""
    board_filter = BoardFilter(query, queryset=selectors.cases_for_team(team=team), team=team)
    pipeline = board_filter.chosen_pipeline()
    board = None
    columns: list[tuple[selectors.BoardColumn, SafeString]] = []
    if pipeline is not None:
        board = selectors.board_build(pipeline=pipeline, cases=board_filter.qs)
        stages = [column.stage for column in board.columns]
        # The cards' "move to" choices, built once per column rather than once per card.
        columns = [(column, _move_options(stages, column.stage)) for column in board.columns]
    query_string = query.urlencode()
    return {
        "filter": board_filter,
        "board": board,
        "columns": columns,
        # Open stages are the board's columns; won, lost and on hold stay on screen
        # beside them as drop targets.
        "open_columns": [c for c in columns if c[0].stage.kind == Stage.Kind.OPEN],
        "closed_columns": [c for c in columns if c[0].stage.kind != Stage.Kind.OPEN],
        "board_query": query_string,
        "board_url": _board_url(query_string),
        "list_url": reverse("cases:list"),
        "closed_days": selectors.BOARD_CLOSED_DAYS,
        "is_fragment": htmx,
    }


class BoardView(TeamRequiredMixin, CachedPageMixin, TemplateView):
    """One column per stage; cards move by drag and drop, or by a form without JavaScript."""

    template_name = "crm/board.html"

    def get_template_names(self) -> list[str]:
        if self.request.htmx:  # type: ignore[attr-defined]
            return ["crm/partials/board.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            _board_context(
                team=self.team,
                query=self.request.GET,
                htmx=bool(self.request.htmx),  # type: ignore[attr-defined]
            )
        )
        return context


class BoardColumnView(TeamRequiredMixin, View):
    """A board column's next cards ("show more"), for htmx: appended below the others."""

    def get(self, request: HttpRequest, stage_pk: int) -> HttpResponse:
        board_filter = BoardFilter(
            request.GET, queryset=selectors.cases_for_team(team=self.team), team=self.team
        )
        pipeline = board_filter.chosen_pipeline()
        if pipeline is None:
            raise Http404
        stages = list(selectors.stages_for_pipeline(pipeline_id=pipeline.pk))
        stage = next((s for s in stages if s.pk == stage_pk), None)
        if stage is None:
            raise Http404
        offset = request.GET.get("offset", "")
        column = selectors.board_column_cards(
            pipeline=pipeline,
            stage=stage,
            cases=board_filter.qs,
            offset=int(offset) if offset.isdigit() and len(offset) < 7 else 0,
        )
        query = request.GET.copy()
        query.pop("offset", None)
        query_string = query.urlencode()
        return render(
            request,
            "crm/partials/board_column_more.html",
            {
                "column": column,
                "stage": stage,
                "move_options": _move_options(stages, stage),
                "board_query": query_string,
                "board_url": _board_url(query_string),
            },
        )


class CaseMoveView(TeamRequiredMixin, View):
    """Move a case: from a board drop (htmx), the dialog, a card's form, or this page."""

    page_template = "crm/case_move.html"
    dialog_template = "crm/partials/move_dialog.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(team=self.team, pk=pk)
        initial = {"to": request.GET.get("to"), "version": request.GET.get("version")}
        form = MoveForm(initial={k: v for k, v in initial.items() if v}, case=case)
        return self._form_page(form, case)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(team=self.team, pk=pk)
        form = MoveForm(request.POST, case=case)
        target = form.target()
        if target is not None and target.kind != Stage.Kind.OPEN and "details" not in request.POST:
            # A card's select chose a stage that needs more: ask for it, no errors yet.
            initial = {"to": target.pk, "version": request.POST.get("version")}
            return self._form_page(MoveForm(initial=initial, case=case), case)
        if form.is_valid():
            try:
                moved = services.case_move(
                    case=case,
                    to=form.cleaned_data["to"],
                    by=self.actor,
                    version=form.cleaned_data["version"],
                    details=form.details(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(company)s is now in “%(stage)s”.")
                    % {"company": moved.company.full_name, "stage": moved.stage.name},
                )
                return self._done(case)
        return self._refused(form, case)

    def _form_page(self, form: MoveForm, case: AcquisitionCase) -> HttpResponse:
        request = self.request
        dialog = bool(request.htmx)  # type: ignore[attr-defined]
        params = request.POST if request.method == "POST" else request.GET
        target = form.target()
        context = {
            "case": case,
            "form": form,
            "target": target,
            # What the target stage still lacks, each with the way to make it good.
            "fixes": [
                status
                for status in (
                    selectors.stage_requirements(case=case, stage=target) if target else []
                )
                if status.fix_url
            ],
            "board_query": params.get("board_query", ""),
            "next": self._next_url(case),
        }
        return render(request, self.dialog_template if dialog else self.page_template, context)

    def _next_url(self, case: AcquisitionCase) -> str:
        params = self.request.POST if self.request.method == "POST" else self.request.GET
        candidate = params.get("next", "")
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=False
        ):
            return candidate
        return case.get_absolute_url()

    def _done(self, case: AcquisitionCase) -> HttpResponse:
        if self.request.htmx:  # type: ignore[attr-defined]
            return self._board_fragment(trigger="caseMoved")
        return HttpResponseRedirect(self._next_url(case))

    def _refused(self, form: MoveForm, case: AcquisitionCase) -> HttpResponse:
        request = self.request
        if request.htmx and "dialog" not in request.POST:  # type: ignore[attr-defined]
            # A drop on the board: say why, and show the board as it really is now.
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, str(message))
            return self._board_fragment()
        return self._form_page(form, case)

    def _board_fragment(self, trigger: str = "") -> HttpResponse:
        return _board_fragment(self.request, team=self.team, trigger=trigger)


def _board_fragment(request: HttpRequest, *, team: Team, trigger: str = "") -> HttpResponse:
    """The whole board as it is now, in place of the one on the page (htmx)."""
    query = QueryDict(request.POST.get("board_query", ""))
    context = _board_context(team=team, query=query, htmx=True)
    response = render(request, "crm/partials/board.html", context)
    response["HX-Retarget"] = "#board"
    response["HX-Reswap"] = "outerHTML"
    if trigger:
        response["HX-Trigger"] = trigger
    return response


# ------------------------------------------------------------------------------
# Case list and export
# ------------------------------------------------------------------------------
class CaseListView(TeamRequiredMixin, CachedPageMixin, SingleTableMixin, FilterView):
    table_class = CaseTable
    filterset_class = CaseListFilter
    template_name = "crm/case_list.html"

    def get_queryset(self) -> QuerySet[AcquisitionCase]:
        return selectors.cases_for_team(team=self.team)

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        return {**super().get_filterset_kwargs(filterset_class), "team": self.team}

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"team": self.team}

    def get_table_pagination(self, table: CaseTable) -> dict[str, Any]:
        # Count the filtered cases without the join that the order by company adds.
        return {
            "per_page": PAGE_SIZE,
            "paginator_class": CountedPaginator,
            "count_from": self.object_list,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            bulk_form=CaseBulkForm(team=self.team),
            bulk_max=services.BULK_MAX_CASES,
            **kwargs,
        )


class CaseBulkView(TeamRequiredMixin, View):
    """Reassign, plan a next step for or pause the cases ticked in the list.

    Answers with a redirect back to the list as the user filtered it, where a
    message says what happened; a refusal changes nothing.
    """

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        back = request.POST.get("next", "")
        if not back.startswith(reverse("cases:list")) or not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}
        ):
            back = reverse("cases:list")
        form = CaseBulkForm(request.POST, team=self.team)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else None
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else str(error))
            return redirect(back)
        data = form.cleaned_data
        action = data["action"]
        ids = data["cases"]
        try:
            if action == CaseBulkForm.Action.REASSIGN:
                count = services.cases_reassign(
                    team=self.team, by=self.actor, case_ids=ids, owner=data["owner"]
                )
                done = ngettext(
                    "%(count)s case given to %(person)s.",
                    "%(count)s cases given to %(person)s.",
                    count,
                ) % {"count": count, "person": data["owner"].get_full_name() or data["owner"]}
            elif action == CaseBulkForm.Action.NEXT_STEP:
                count = services.cases_next_step_set(
                    team=self.team,
                    by=self.actor,
                    case_ids=ids,
                    next_step=data["next_step"],
                    next_step_due=data["next_step_due"],
                )
                done = ngettext(
                    "Next step planned for %(count)s case.",
                    "Next step planned for %(count)s cases.",
                    count,
                ) % {"count": count}
            else:
                count = services.cases_pause(
                    team=self.team,
                    by=self.actor,
                    case_ids=ids,
                    until=data["paused_until"],
                    note=data["note"],
                )
                done = ngettext(
                    "%(count)s case put on hold.", "%(count)s cases put on hold.", count
                ) % {"count": count}
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect(back)


class CaseExportView(TeamRequiredMixin, View):
    """The filtered case list as CSV (semicolons and a BOM, as German Excel expects)."""

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        case_filter = CaseListFilter(
            request.GET, queryset=selectors.cases_for_team(team=self.team), team=self.team
        )
        cases = case_filter.qs.order_by("company__legal_name", "id")
        today = timezone.localdate()
        response = StreamingHttpResponse(self._rows(cases), content_type="text/csv; charset=utf-8")
        name = download_name("tandem-cases", today, extension="csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def _rows(self, cases: QuerySet[AcquisitionCase]) -> Iterator[str]:
        writer = csv_writer()
        now = timezone.now()
        yield "\ufeff" + writer.writerow(
            [
                _("Company"),
                _("City"),
                _("District"),
                _("Sector"),
                _("Pipeline"),
                _("Stage"),
                _("Days in stage"),
                _("Owner"),
                _("Source"),
                _("Warm or cold"),
                _("Referring partner"),
                _("Next step"),
                _("Due"),
                _("Opened"),
                _("Closed"),
                _("Lost reason"),
            ]
        )
        for case in cases.select_related("lost_reason").iterator(chunk_size=2000):
            owner = case.owner.get_full_name() or case.owner.get_username()
            yield writer.writerow(
                spreadsheet_safe(value)
                for value in (
                    case.company.full_name,
                    case.company.city,
                    case.company.district,
                    case.company.sector_section,
                    case.pipeline.name,
                    case.stage.name,
                    (now - case.stage_entered_at).days,
                    owner,
                    case.get_source_display(),
                    _("warm") if case.is_warm else _("cold"),
                    case.referred_by or "",
                    case.next_step,
                    case.next_step_due.isoformat() if case.next_step_due else "",
                    timezone.localdate(case.opened_at).isoformat(),
                    timezone.localdate(case.closed_at).isoformat() if case.closed_at else "",
                    case.lost_reason.name if case.lost_reason else "",
                )
            )


# ------------------------------------------------------------------------------
# One case
# ------------------------------------------------------------------------------
def _case_page_context(case: AcquisitionCase, **forms: Any) -> dict[str, Any]:
    now = timezone.now()
    resume_stage = None
    if case.stage.kind in {Stage.Kind.PAUSED, Stage.Kind.LOST}:
        resume_stage = selectors.case_last_open_stage(case=case)
    return {
        "case": case,
        "card": selectors.card_for(case, now=now, today=timezone.localdate(now)),
        "next_stage": selectors.case_next_stage(case=case),
        "resume_stage": resume_stage,
        "stays": selectors.case_stage_stays(case=case, now=now),
        "timeline": selectors.case_timeline(case=case),
        "stages": selectors.stages_for_pipeline(pipeline_id=case.pipeline_id),
        "next_step_form": forms.get("next_step_form") or NextStepForm(case=case),
    }


class CaseDetailView(TeamRequiredMixin, CachedPageMixin, TemplateView):
    template_name = "crm/case_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        case = selectors.case_get(team=self.team, pk=self.kwargs["pk"])
        return super().get_context_data(**_case_page_context(case), **kwargs)


class CaseNextStepView(TeamRequiredMixin, View):
    """Plan the next step in place (htmx): in its box on the case page, or on a board card.

    A board card asks with `card`: GET gives its small form (or, with `show`, the card
    as it is now), POST answers with the new card. A refusal is shown in the form,
    nothing saved; a case someone changed meanwhile refreshes the whole board, as a
    refused drop does.
    """

    card_template = "crm/partials/case_card.html"
    card_form_template = "crm/partials/card_next_step_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        # Another team's case answers 404 here too, not a redirect that says it exists.
        case = selectors.case_get(team=self.team, pk=pk)
        if not (request.htmx and "card" in request.GET):  # type: ignore[attr-defined]
            return redirect(case)
        if "show" in request.GET:
            return self._card(case)
        # The version the card was drawn with: a change since then is refused on saving.
        version = request.GET.get("version", "")
        form = NextStepForm(
            case=case,
            initial={
                "next_step": case.next_step,
                "next_step_due": case.next_step_due,
                "version": int(version) if version.isdigit() and len(version) < 10 else "",
            },
        )
        return self._card_form(form, case)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(team=self.team, pk=pk)
        on_card = bool(request.htmx) and "card" in request.POST  # type: ignore[attr-defined]
        form = NextStepForm(request.POST, case=case)
        if form.is_valid():
            try:
                case = services.case_next_step_set(case=case, by=self.actor, **cleaned(form))
            except ValidationError as exc:
                if on_card and getattr(exc, "code", None) in {"stale", "gone", "closed"}:
                    messages.error(request, exc.messages[0])
                    return _board_fragment(request, team=self.team)
                add_service_errors(form, exc)
            else:
                if on_card:
                    return self._card(case)
                if not request.htmx:  # type: ignore[attr-defined]
                    messages.success(request, _("Next step saved."))
                    return redirect(case)
                context = _case_page_context(case)
                context["saved"] = True
                return render(request, "crm/partials/next_step.html", context)
        if on_card:
            response = self._card_form(form, case)
            # The form stays where it is, with the reason, instead of the card.
            response["HX-Retarget"] = f"#step-{case.pk}"
            response["HX-Reswap"] = "innerHTML"
            return response
        context = _case_page_context(case, next_step_form=form)
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "crm/partials/next_step.html", context)
        return render(request, "crm/case_detail.html", context)

    def _board_query(self) -> str:
        params = self.request.POST if self.request.method == "POST" else self.request.GET
        return params.get("board_query", "")

    def _card_form(self, form: NextStepForm, case: AcquisitionCase) -> HttpResponse:
        context = {"case": case, "form": form, "board_query": self._board_query()}
        return render(self.request, self.card_form_template, context)

    def _card(self, case: AcquisitionCase) -> HttpResponse:
        """The case's board card, drawn from the database as the board draws it."""
        case = selectors.case_get(team=self.team, pk=case.pk)
        now = timezone.now()
        stages = list(selectors.stages_for_pipeline(pipeline_id=case.pipeline_id))
        board_query = self._board_query()
        context = {
            "card": selectors.card_for(case, now=now, today=timezone.localdate(now)),
            "move_options": _move_options(stages, case.stage),
            "board_query": board_query,
            "board_url": _board_url(board_query),
        }
        return render(self.request, self.card_template, context)


class CaseCreateView(OnceSubmitMixin, TeamRequiredMixin, FormView):
    form_class = CaseOpenForm
    template_name = "crm/case_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": self.team, "user": self.actor}

    def get_initial(self) -> dict[str, Any]:
        # "Open a case" on a company page preselects that company (if it is the team's).
        company = self.request.GET.get("company", "")
        return {"company": company} if company.isdigit() else {}

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.case_open(team=self.team, by=self.actor, **cleaned(form)),
            success_message=_("Case opened."),
            invalid=self.form_invalid,
        )


class CaseUpdateView(TeamRequiredMixin, FormView):
    form_class = CaseUpdateForm
    template_name = "crm/case_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.case: AcquisitionCase | None = None
        return super().dispatch(request, *args, **kwargs)

    def get_case(self) -> AcquisitionCase:
        if self.case is None:
            self.case = selectors.case_get(team=self.team, pk=self.kwargs["pk"])
        return self.case

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(case=self.get_case(), **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        return form_submit(
            request=self.request,
            form=form,
            action=lambda: services.case_update(
                case=self.get_case(), by=self.actor, **cleaned(form)
            ),
            success_message=_("Case saved."),
            invalid=self.form_invalid,
        )
