"""`propose_commitment`: the company issues its hiring promise (the « engagement réciproque »), tied to one session."""

import datetime
from decimal import Decimal
from html import unescape

from tdu.candidatures.enums import State
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at


def commitment_form(session, **overrides):
    data = {
        "session": session.pk,
        "job_title": "Soudeur / Soudeuse TIG",
        "workplace": "12 rue des Forges, Metz",
        "contract_type": "cdi",
        "contract_duration_months": "",
        "weekly_hours": "35",
        "gross_monthly_salary": "2150",
        "planned_start_date": (session.end_date + datetime.timedelta(days=7)).isoformat(),
        "certification_required": "on",
    }
    return {**data, **overrides}


def test_it_issues_the_frozen_promise_for_both_to_sign(client, cast, emails):
    candidature = candidature_at(cast, "immersion_done")
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "propose_commitment", **commitment_form(cast.session))

    assert candidature.state == State.COMMITMENT_PROPOSED
    promise = candidature.current_commitment
    assert (promise.company_name, promise.beneficiary_name, promise.job_title) == (
        cast.offer.company.name,
        "Amélie Martin",
        "Soudeur / Soudeuse TIG",
    )
    assert (promise.contract_label, promise.weekly_hours, promise.gross_monthly_salary) == (
        "CDI",
        Decimal("35.0"),
        Decimal("2150.00"),
    )
    assert (promise.session, promise.session_title, promise.planned_start_date) == (
        cast.session,
        cast.session.training.title,
        cast.session.end_date + datetime.timedelta(days=7),
    )
    assert promise.certification_required and promise.is_intact()
    assert promise.missing_signatures() == ["company", "beneficiary"]
    assert not candidature.enrolments.exists()  # the enrolment is asked once both have signed
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "propose_commitment",
        "immersion_done",
        "commitment_proposed",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.bruno, "company", "")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert {m.subject for m in sent} == {
        f"[Trait d'union] Engagement réciproque à signer : {cast.offer.title}"
    }
    assert (
        f"{cast.offer.company.name} s'engage à embaucher Amélie Martin à l'issue de la formation."
        in sent[0].body
    )


def test_a_cdd_of_three_months_is_not_eligible(client, cast):
    candidature = candidature_at(cast, "immersion_done")
    login(client, cast.bruno)
    form = commitment_form(cast.session, contract_type="cdd", contract_duration_months="3")
    response = post_action(client, candidature, "propose_commitment", **form)
    assert response.status_code == 400
    assert (
        "Un CDD de 3 mois n'est pas éligible : Trait d'union demande un CDI ou un CDD d'au moins 6 mois."
        in (unescape(html(response)))
    )
    candidature.refresh_from_db()
    assert candidature.state == State.IMMERSION_DONE and not candidature.commitments.exists()


def test_a_salary_out_of_bounds_is_refused_in_the_form_and_writes_nothing(client, cast):
    # Found by testing: 99 999 999 999 999 € was stored on SQLite (then every page of the candidature failed) and
    # overflowed on PostgreSQL.
    candidature = candidature_at(cast, "immersion_done")
    login(client, cast.bruno)
    for salary in ("99999999999999", "1e9", "-5", "150000"):
        form = commitment_form(cast.session, gross_monthly_salary=salary)
        response = post_action(client, candidature, "propose_commitment", **form)
        assert response.status_code == 400, salary
        assert "Salaire brut mensuel" in unescape(html(response))
    candidature.refresh_from_db()
    assert candidature.state == State.IMMERSION_DONE and not candidature.commitments.exists()
    assert client.get(f"/candidatures/{candidature.pk}/").status_code == 200


def test_the_hiring_starts_after_the_training(client, cast):
    candidature = candidature_at(cast, "immersion_done")
    login(client, cast.bruno)
    end = cast.session.end_date
    response = post_action(
        client, candidature, "propose_commitment", **commitment_form(cast.session, planned_start_date=end)
    )
    assert response.status_code == 400
    assert f"L'embauche commence après la fin de la formation (le {end:%d/%m/%Y})" in unescape(html(response))
    assert not candidature.commitments.exists()


def test_the_region_asks_for_an_immersion_first_unless_it_allows_otherwise(client, cast):
    candidature = candidature_at(cast, "under_review")
    login(client, cast.bruno)
    response = post_action(client, candidature, "propose_commitment", **commitment_form(cast.session))
    assert response.status_code == 400
    assert "La Région demande une immersion avant l'engagement réciproque." in unescape(html(response))

    region = cast.offer.commune.department.region
    region.allow_commitment_without_immersion = True
    region.save()
    act(client, candidature, "propose_commitment", **commitment_form(cast.session))
    assert candidature.state == State.COMMITMENT_PROPOSED
    assert last_entry(candidature).from_state == "under_review"


def test_it_is_the_company_s_alone(client, cast):
    candidature = candidature_at(cast, "immersion_done")
    data = commitment_form(cast.session)
    assert_nobody_else_may(client, candidature, "propose_commitment", data, cast.everyone_but(cast.bruno))
    assert not candidature.commitments.exists()


def test_it_is_too_late_once_a_commitment_is_signed(client, cast):
    candidature = candidature_at(cast, "enrolment_requested")
    login(client, cast.bruno)
    response = post_action(client, candidature, "propose_commitment", **commitment_form(cast.session))
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    assert candidature.commitments.count() == 1
