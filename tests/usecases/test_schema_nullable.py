"""The OpenAPI schema says what the API sends: fields that can be null are declared nullable."""

import pytest
import yaml
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_use_case_votes_and_my_dots_are_nullable_in_the_schema(client):
    schema = yaml.safe_load(client.get(reverse("schema")).content)
    use_case = schema["components"]["schemas"]["UseCase"]["properties"]
    assert use_case["my_dots"].get("nullable") is True  # null for users
    assert use_case["votes"].get("nullable") is True  # null for a participant before the reveal
