"""The POC fixtures, for the number field tests that type into POC pages."""

from tests.pocs.conftest import poc, use_case  # noqa: F401
