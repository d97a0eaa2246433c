"""Valid but fictitious SIREN/SIRET numbers for generated companies and training organisations.

A SIREN is 8 digits plus a Luhn check digit; a SIRET is the SIREN, a 4-digit establishment number and
a second check digit making the 14 digits Luhn-valid. La Poste (SIREN 356000000) follows another rule:
generated numbers never use it.

Ranges, so that the two generators never collide with each other:
- load_demo draws random SIRENs starting with 4, 5, 6 or 7;
- generate_catalogue derives them from a row number: 8… for companies, 9… for organisations,
  with the seed as establishment number (one seed = one set of SIRETs).
"""

import random

from stdnum import luhn

LA_POSTE_SIREN = "356000000"
CATALOGUE_COMPANY_PREFIX = "8"
CATALOGUE_ORGANISATION_PREFIX = "9"
MAX_CATALOGUE_ROWS = 10_000_000  # 7 digits after the prefix
MAX_SEED = 9_999  # the seed is the 4-digit establishment number


def make_siren(body: str) -> str:
    """8 digits -> 9-digit SIREN."""
    return body + luhn.calc_check_digit(body)


def make_siret(siren: str, nic_body: str) -> str:
    """9-digit SIREN + 4 digits -> Luhn-valid 14-digit SIRET."""
    partial = siren + nic_body
    siret = partial + luhn.calc_check_digit(partial)
    if siret.startswith(LA_POSTE_SIREN):
        raise ValueError("SIREN de La Poste : non utilisé pour les données générées.")
    return siret


def random_sirets(rng: random.Random, count: int, first_digits: str = "4567") -> list[str]:
    """`count` distinct SIRETs, deterministic for a given generator state."""
    seen = set()
    sirets = []
    while len(sirets) < count:
        body = rng.choice(first_digits) + f"{rng.randrange(10**7):07d}"
        siren = make_siren(body)
        # Head offices are usually 00010 to 00050 (first establishment, then moves).
        nic_body = f"{rng.choice((1, 1, 1, 2, 2, 3, 4)):04d}"
        siret = make_siret(siren, nic_body)
        if siret in seen:
            continue
        seen.add(siret)
        sirets.append(siret)
    return sirets


def catalogue_siret(prefix: str, number: int, seed: int) -> str:
    """SIRET of the `number`-th company (prefix 8) or organisation (prefix 9) generated with `seed`."""
    if not 0 <= number < MAX_CATALOGUE_ROWS:
        raise ValueError(f"Numéro hors limites : {number}")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"Graine hors limites : {seed}")
    return make_siret(make_siren(f"{prefix}{number:07d}"), f"{seed:04d}")


def catalogue_nic_body(seed: int) -> str:
    """The 4 digits after the SIREN shared by every SIRET generated with `seed`."""
    return f"{seed:04d}"
