"""Which provider writes a workshop's summary, and the LLM client's configuration from settings.

``openai`` (any OpenAI-compatible server, through summaries.llm) when a key or a
base URL is set, LLM use is on for the installation and the client allows it;
otherwise ``builtin``, with the reason in the workshop's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from summaries import llm
from summaries.models import SummaryProvider
from workshop.models import Workshop


@dataclass(frozen=True)
class ProviderChoice:
    provider: str
    model: str
    reason: str  # why the built-in provider was used, in the workshop's language


def provider_for(workshop: Workshop) -> ProviderChoice:
    """Which provider summarises this workshop now (settings read at call time)."""
    with translation.override(workshop.language):
        if not (settings.OPENAI_API_KEY or settings.OPENAI_BASE_URL):
            reason = _("No API key is configured")
        elif not settings.LLM_ENABLED:
            reason = _("LLM use is switched off for this installation")
        elif not workshop.client.llm_allowed:
            reason = _("This client does not allow sending its data to a language model")
        else:
            return ProviderChoice(SummaryProvider.OPENAI, settings.OPENAI_MODEL, "")
    return ProviderChoice(SummaryProvider.BUILTIN, "", reason)


def llm_config() -> llm.LlmConfig:
    return llm.LlmConfig(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL,
        model=settings.OPENAI_MODEL,
        timeout=settings.LLM_TIMEOUT_SECONDS,
        max_retries=settings.LLM_MAX_RETRIES,
    )
