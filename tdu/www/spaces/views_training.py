"""Training organisation space: its trainings, sessions and the people enrolled (members of the organisation
only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdu.candidatures import workflow
from tdu.candidatures.enums import EnrolmentStatus, State
from tdu.candidatures.models import Candidature, Enrolment
from tdu.candidatures.rights import roles_of
from tdu.trainings import services
from tdu.utils.errors import DomainError
from tdu.www.spaces.forms import SessionForm, TrainingForm, period_formset
from tdu.www.spaces.permissions import sessions_of, training_organisations_of, trainings_of
from tdu.www.spaces.views import paginate, posted, query_without

LISTED_ENROLMENTS = (EnrolmentStatus.REQUESTED, EnrolmentStatus.ACCEPTED)


def _organisation(request, siret):
    return get_object_or_404(training_organisations_of(request.user), siret=siret)


def _sessions_page(request, organisation, status=200):
    trainings = (
        trainings_of(request.user)
        .filter(organisation=organisation)
        .prefetch_related("rome_codes")
        .order_by("title")
    )
    sessions = (
        sessions_of(request.user)
        .filter(training__organisation=organisation)
        .select_related("training", "commune", "funding_region")
        .annotate(
            people_count=Count(
                "enrolments", filter=Q(enrolments__status__in=LISTED_ENROLMENTS), distinct=True
            )
        )
        .order_by("-start_date", "-id")
    )
    context = {
        "organisation": organisation,
        "trainings": trainings,
        "page_obj": paginate(request, sessions),
        "page_query": query_without(request, "page"),
    }
    return render(request, "spaces/training_sessions.html", context, status=status)


@login_required
def training_sessions(request, siret):
    return _sessions_page(request, _organisation(request, siret))


@login_required
def training_create(request, siret):
    organisation = _organisation(request, siret)
    form = TrainingForm(posted(request))
    if form.is_valid():
        try:
            training = services.create_training(organisation, **form.cleaned_data)
        except services.InvalidTraining as error:
            form.add_errors(error.errors)
        else:
            messages.success(
                request, f"La formation « {training.title} » est créée : ajoutez-lui des sessions."
            )
            return redirect("spaces:training_sessions", organisation.siret)
    context = {"organisation": organisation, "form": form}
    return render(request, "spaces/training_form.html", context, status=400 if form.is_bound else 200)


def _session_form_page(request, organisation, form, periods, session=None, period_errors=()):
    context = {
        "organisation": organisation,
        "form": form,
        "periods": periods,
        "period_errors": list(period_errors),
        "session": session,
    }
    return render(request, "spaces/session_form.html", context, status=400 if form.is_bound else 200)


def _save_session(request, organisation, form, periods, session=None):
    """Validate the form and its periods, call the service; a redirect, or the form page in error (400)."""
    if form.is_valid() & periods.is_valid():
        kept = [p.period for p in periods.forms if p.period]
        try:
            if session is None:
                data = dict(form.cleaned_data)
                session = services.create_session(data.pop("training"), periods=kept, **data)
            else:
                session = services.update_session(session, periods=kept, **form.cleaned_data)
        except services.InvalidTraining as error:
            form.add_errors({k: v for k, v in error.errors.items() if k != services.PERIODS})
            return _session_form_page(
                request, organisation, form, periods, session, error.errors.get(services.PERIODS, [])
            )
        messages.success(request, f"La session « {session} » est enregistrée.")
        return redirect("spaces:training_sessions", organisation.siret)
    return _session_form_page(request, organisation, form, periods, session)


@login_required
def session_create(request, siret):
    organisation = _organisation(request, siret)
    trainings = trainings_of(request.user).filter(organisation=organisation)
    if not trainings.exists():
        messages.info(
            request, "Créez d'abord la formation : une session appartient toujours à une formation."
        )
        return redirect("spaces:training_create", organisation.siret)
    form = SessionForm(
        posted(request), trainings=trainings, initial={"training": request.GET.get("formation")}
    )
    periods = period_formset(posted(request))
    if request.method == "POST":
        return _save_session(request, organisation, form, periods)
    return _session_form_page(request, organisation, form, periods)


@login_required
def session_edit(request, siret, pk):
    organisation = _organisation(request, siret)
    session = get_object_or_404(
        sessions_of(request.user)
        .filter(training__organisation=organisation)
        .select_related("training", "commune"),
        pk=pk,
    )
    trainings = trainings_of(request.user).filter(organisation=organisation)
    form = SessionForm(
        posted(request), trainings=trainings, session=session, initial=SessionForm.initial_from(session)
    )
    periods = period_formset(posted(request), session)
    if request.method == "POST":
        return _save_session(request, organisation, form, periods, session)
    return _session_form_page(request, organisation, form, periods, session)


@login_required
@require_POST
def session_recruitment(request, siret, pk):
    organisation = _organisation(request, siret)
    session = get_object_or_404(sessions_of(request.user).filter(training__organisation=organisation), pk=pk)
    choice = request.POST.get("recrutement")
    if choice not in {"ouvrir", "fermer"}:
        messages.error(request, "Action inconnue : choisissez d'ouvrir ou de fermer le recrutement.")
        return _sessions_page(request, organisation, status=400)
    opening = choice == "ouvrir"
    try:
        session = services.set_recruitment(session, opening)
    except DomainError as error:
        messages.error(request, error.message)
        return _sessions_page(request, organisation, status=400)
    if opening:
        messages.success(request, f"Le recrutement de la session « {session} » est ouvert.")
    else:
        messages.success(
            request,
            f"Le recrutement de la session « {session} » est fermé : elle n'apparaît plus dans la recherche.",
        )
    return redirect("spaces:training_sessions", organisation.siret)


# --- The people of one session ------------------------------------------------------------------------------

# Who needs the organisation first: a request to answer, an entry to confirm, an end to record, then the rest.
ORDER = {
    State.ENROLMENT_REQUESTED: 0,
    State.ENROLLED: 1,
    State.IN_TRAINING: 2,
}


LIST_ACTIONS = ("confirm_entry", "complete_training", "record_absence")


def _people(user, session):
    """[(candidature, its enrolment in the session, {action offered: True})], the ones waiting for the
    organisation first. The rows post to the candidature's own action endpoint, whose forms check them."""
    candidatures = (
        Candidature.objects.visible_to(user)
        .filter(enrolments__session=session, enrolments__status__in=LISTED_ENROLMENTS)
        .select_related("job_seeker")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.filter(session=session, status__in=LISTED_ENROLMENTS)
                .order_by("-requested_at")
                .prefetch_related("absences"),
                to_attr="here",
            )
        )
        .distinct()
    )
    rows = []
    for candidature in candidatures:
        # The list only offers the candidature's own actions (validated by its page's forms when posted).
        available = {t.name for t in workflow.available(candidature, roles_of(user, candidature))}
        forms = {name: True for name in LIST_ACTIONS if name in available}
        rows.append((candidature, candidature.here[0], forms))
    rows.sort(key=lambda r: (ORDER.get(r[0].state, 9), r[0].job_seeker.last_name, r[0].pk))
    return rows


@login_required
def session_people(request, siret, pk):
    organisation = _organisation(request, siret)
    session = get_object_or_404(
        sessions_of(request.user)
        .filter(training__organisation=organisation)
        .select_related("training", "commune", "funding_region"),
        pk=pk,
    )
    context = {
        "organisation": organisation,
        "session": session,
        "rows": _people(request.user, session),
        "today": timezone.localdate(),
    }
    return render(request, "spaces/session_people.html", context)
