"""A company that came with imported offers (no SIRET, no account) is claimed by its recruiter: her signed link
proves the offer's contact address; with the company's SIRET, its offers and candidatures become her space's."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from tdu.accounts.services import AccountError, create_account
from tdu.candidatures.models import Candidature
from tdu.companies.models import Company
from tdu.offers.models import JobOffer
from tdu.organisations.models import CompanyMembership
from tdu.utils.errors import DomainError
from tdu.utils.validators import normalize_siret, validate_siret

logger = logging.getLogger(__name__)


def claim_company(company, user, siret):
    """`user` becomes the first administrator of `company`, identified from now on by `siret`.

    If a company already has this SIRET without anyone on it, the imported one is merged into it (its offers and
    candidatures move); if it has members, they must invite her: nothing changes.
    """
    siret = normalize_siret(siret)
    try:
        validate_siret(siret)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    if company.has_account:
        raise DomainError(
            "Cette entreprise a déjà son espace sur Trait d'union : demandez une invitation à ses membres."
        )
    with transaction.atomic():
        target = Company.objects.select_for_update().filter(siret=siret).exclude(pk=company.pk).first()
        if target is not None:
            if target.has_account:
                raise DomainError(
                    f"{target.name} (SIRET {siret}) a déjà son espace sur Trait d'union : demandez une invitation à "
                    "ses administrateurs."
                )
            JobOffer.objects.filter(company=company).update(company=target)
            Candidature.objects.filter(company=company).update(company=target)
            if not target.france_travail_id:
                target.france_travail_id = company.france_travail_id
                target.save(update_fields=["france_travail_id"])
            company.delete()
        else:
            company.siret = siret
            company.save(update_fields=["siret"])
            target = company
        # From now on the candidatures follow the usual path: the company's members answer them.
        Candidature.objects.filter(company=target).exclude(recruiter_email="").update(recruiter_email="")
        membership = CompanyMembership.objects.create(user=user, company=target, is_admin=True)
    logger.info("company %s claimed by user %s (SIRET %s)", target.pk, user.pk, siret)
    return membership


def register_and_claim(company, *, siret, proven_email, email, password, first_name, last_name, phone=""):
    """The recruiter creates her account and claims the company, all or nothing. Her address is confirmed at once
    when it is the one the link was sent to; otherwise the usual confirmation email goes out."""
    with transaction.atomic():
        try:
            user = create_account(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                phone=phone,
                verified=email.strip().lower() == proven_email.strip().lower(),
            )
        except AccountError as error:
            raise DomainError(error.message) from None
        claim_company(company, user, siret)
    return user
