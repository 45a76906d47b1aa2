"""The read side's tests use the use-case actors (dana, bob's idea) and the ROI fixtures."""

from tests.roi.conftest import use_case
from tests.usecases.conftest import bobs_idea, dana, dana_and_token, dana_api, dana_client

__all__ = ["bobs_idea", "dana", "dana_and_token", "dana_api", "dana_client", "use_case"]
