"""Training organisation space: the people enrolled in each session, and their entry into training and its end
recorded from that list (through the candidature's own actions)."""

import datetime
import html

import pytest
from django.urls import reverse

from tdu.candidatures.models import Candidature
from tests.factories import FundedSessionFactory, OrganisationFactory, training_member
from tests.helpers import login
from tests.situations import candidature_at, make_cast, on_day

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def people_url(cast):
    return reverse("spaces:session_people", args=[cast.session.training.organisation.siret, cast.session.pk])


def test_the_session_lists_the_enrolled_and_not_the_others(client):
    cast = make_cast()
    candidature = candidature_at(cast, "enrolled")
    other = FundedSessionFactory(training__organisation=cast.session.training.organisation)
    login(client, cast.chloe)
    sessions = text(
        client.get(reverse("spaces:training_sessions", args=[cast.session.training.organisation.siret]))
    )
    assert f'href="{people_url(cast)}"' in sessions and "Voir la personne inscrite" in sessions
    assert "Aucune inscription pour l'instant" in sessions  # the other session
    page = text(client.get(people_url(cast)))
    assert "Amélie Martin" in page and "Inscrite en formation" in page and "acceptée le" in page
    assert f'href="/candidatures/{candidature.pk}/"' in page
    assert f'action="/candidatures/{candidature.pk}/actions/confirm_entry/"' in page
    empty = text(
        client.get(reverse("spaces:session_people", args=[other.training.organisation.siret, other.pk]))
    )
    assert "Amélie Martin" not in empty and "Aucune personne inscrite pour l'instant" in empty


def test_another_organisations_session_is_not_found(client):
    cast = make_cast()
    candidature_at(cast, "enrolled")
    login(client, training_member(organisation=OrganisationFactory(), email="autre.of@example.org"))
    assert client.get(people_url(cast)).status_code == 404


def test_entry_then_completion_are_recorded_from_the_list(client):
    cast = make_cast()
    candidature = candidature_at(cast, "enrolled")
    session = cast.session
    with on_day(session.start_date):
        login(client, cast.chloe)
        page = text(client.get(people_url(cast)))
        # The date proposed is today's (the session's first day), written as a date field reads it.
        assert f'value="{session.start_date.isoformat()}"' in page
        url = f"/candidatures/{candidature.pk}/actions/confirm_entry/"
        assert f'name="next" value="{people_url(cast)}"' in page
        response = client.post(url, {"entered_on": session.start_date.isoformat(), "next": people_url(cast)})
        assert response.status_code == 302 and response["Location"] == people_url(cast)  # back to the list
    candidature.refresh_from_db()
    assert candidature.state == "in_training"
    assert candidature.enrolments.get(status="accepted").entered_on == session.start_date

    with on_day(session.end_date):
        login(client, cast.chloe)
        page = text(client.get(people_url(cast)))
        assert "En formation" in page and f"Entrée le {session.start_date.day}" in page
        url = f"/candidatures/{candidature.pk}/actions/complete_training/"
        assert f'action="{url}"' in page and "Certification obtenue" in page
        elsewhere = "https://example.org/ailleurs/"  # never sent away from the site
        response = client.post(
            url,
            {
                "completed_on": session.end_date.isoformat(),
                "certification_obtained": "oui",
                "next": elsewhere,
            },
        )
        assert response.status_code == 302 and response["Location"] == f"/candidatures/{candidature.pk}/"
    candidature = Candidature.objects.get(pk=candidature.pk)
    assert candidature.state == "training_completed"
    page = text(client.get(people_url(cast)))
    assert "Formation terminée" in page and "certification obtenue" in page
    assert "actions/complete_training/" not in page and "actions/confirm_entry/" not in page


def test_a_request_to_answer_comes_first_with_a_link(client):
    cast = make_cast()
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.chloe)
    page = text(client.get(people_url(cast)))
    assert "Inscription demandée" in page and "Répondre à la demande d'inscription" in page
    assert f'href="/candidatures/{candidature.pk}/"' in page


def test_an_empty_organisation_says_what_to_do_first(client):
    organisation = OrganisationFactory()
    login(client, training_member(organisation=organisation))
    page = text(client.get(reverse("spaces:training_sessions", args=[organisation.siret])))
    assert "Créez votre première formation" in page
    assert ">Créer une formation</a>" in page


def test_an_absence_is_signalled_from_the_list(client):
    cast = make_cast()
    candidature = candidature_at(cast, "in_training")
    day = cast.session.start_date + datetime.timedelta(days=3)
    with on_day(day):
        login(client, cast.chloe)
        page = text(client.get(people_url(cast)))
        url = f"/candidatures/{candidature.pk}/actions/record_absence/"
        assert f'action="{url}"' in page and "Signaler une absence" in page
        response = client.post(
            url,
            {
                "first_day": day.isoformat(),
                "last_day": day.isoformat(),
                "justified": "oui",
                "next": people_url(cast),
            },
        )
        assert response.status_code == 302 and response["Location"] == people_url(cast)
        page = text(client.get(people_url(cast)))
        assert "1 absence signalée" in page
        assert (
            f'id="c{candidature.pk}-certification-oui"' in page
            and f'id="c{candidature.pk}-justifiee-oui"' in page
        )
    candidature.refresh_from_db()
    assert candidature.state == "in_training" and candidature.enrolments.get().absences.count() == 1
