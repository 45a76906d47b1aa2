"""The API answers as its schema says: JSON for an oversize body, values outside a declared list refused (issue 24, 13).

Django refuses a body past DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) before any view runs; an API client
that sent 3 MB of JSON used to get an HTML page it cannot read.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

THREE_MB = "x" * (3 * 1024 * 1024)


def test_a_3_mb_json_body_gets_a_json_400_from_the_api(alice_api, workshop):
    response = alice_api.generic(
        "POST",
        reverse("api:use-cases", args=[workshop.pk]),
        json.dumps({"title": THREE_MB}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "The request body is larger than 2.5 MB.", "code": "too_large"}


def test_a_3_mb_form_body_gets_the_error_page_elsewhere(alice_client, workshop):
    response = alice_client.post(reverse("usecases:create", args=[workshop.pk]), {"title": THREE_MB})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_legal_review_value_other_than_hide_is_refused_not_ignored(alice_api, workshop):
    url = reverse("api:workshop-portfolio", args=[workshop.pk])
    workshop.phase = "closed"
    workshop.save()

    response = alice_api.get(url, {"legal_review": "show"})

    assert response.status_code == 400
    assert response.json() == {"legal_review": ["Use legal_review=hide, or leave it out."]}
    assert alice_api.get(url, {"legal_review": "hide"}).status_code == 200


def test_a_blank_title_is_refused_and_the_schema_says_so(alice_api, workshop):
    """DRF trims before its not-blank rule: the schema's pattern refuses what the API refuses."""
    import re

    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    title = schema["components"]["schemas"]["UseCaseWriteRequest"]["properties"]["title"]

    for blank in ("   ", "\t\n"):
        response = alice_api.post(reverse("api:use-cases", args=[workshop.pk]), {"title": blank}, format="json")
        assert response.status_code == 400
        assert "title" in response.json()
        assert re.search(title["pattern"], blank) is None
    assert re.search(title["pattern"], " An idea ") is not None
