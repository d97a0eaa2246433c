"""Partners authenticate with `Authorization: Bearer tdu_…`; each endpoint names the scope it needs.

An unknown, revoked or expired token — or one whose creator left her organisation — is a 401; a token without
the endpoint's scope is a 403; both in the API's French error shape.
"""

from ninja.security import HttpBearer

from tdu.partners import access, tokens
from tdu.utils.errors import NotAllowed


class Unauthenticated(Exception):
    message = "Jeton d'API absent, inconnu, révoqué ou expiré."


class TokenAuth(HttpBearer):
    openapi_description = "Jeton d'API d'une organisation (créé par son administrateur dans son espace)."

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None or not access.still_valid(found):
            raise Unauthenticated
        request.partner_token = found
        return found


BEARER = TokenAuth()


def need(request, scope):
    token = request.auth
    try:
        tokens.require(token, scope)
    except NotAllowed:
        raise NotAllowed(
            f"Ce jeton n'a pas le droit « {scope} » : son administrateur peut le lui donner."
        ) from None
    return token
