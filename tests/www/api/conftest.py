"""The partners' cast and tokens, for the API's own tests (matrix, limits)."""

from tests.partners.conftest import cast, token_for  # noqa: F401
