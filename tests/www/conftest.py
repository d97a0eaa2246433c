"""The partners' cast and tokens, for the tests of the API and of the request guard."""

from tests.partners.conftest import cast, token_for  # noqa: F401
