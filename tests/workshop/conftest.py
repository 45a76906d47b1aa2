"""A second participant, dana, shared with the use-case tests."""

from tests.usecases.conftest import dana, dana_and_token, dana_api, dana_client  # noqa: F401
