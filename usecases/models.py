from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshop.models import Participant, Workshop, max_length_constraint

# Longest texts a use case holds: enough for a paragraph each, small enough that 150 of them
# at their longest still make a plan, a summary and a PDF in seconds.
TEXT_MAX_LENGTHS = {
    "title": 200,
    "problem": 2000,
    "solution": 2000,
    "benefits": 2000,
    "data_sources": 1000,
    "affected_users": 200,
    "compliance_note": 2000,
}


class Axis(models.TextChoices):
    IMPACT = "impact", _("Impact")
    FEASIBILITY = "feasibility", _("Feasibility")


class Criterion(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=100)
    axis = models.CharField(_("axis"), max_length=12, choices=Axis.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(
        _("what 1 and 5 mean"),
        max_length=300,
        blank=True,
        help_text=_("Shown beside the scores, e.g. “1: no data yet · 5: clean data at hand”."),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1) & models.Q(weight__lte=5), name="criterion_weight_1_5"
            ),
            max_length_constraint("criterion", "name", 100),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_axis_display()})"


class Category(models.TextChoices):
    AUTOMATION = "automation", _("Automation")
    PREDICTION = "prediction", _("Prediction")
    GENERATION = "generation", _("Generation")
    CLASSIFICATION = "classification", _("Classification")
    SEARCH = "search", _("Search & recommendation")
    CONVERSATIONAL = "conversational", _("Conversational")
    VISION = "vision", _("Vision")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    MERGED = "merged", _("Merged")
    REJECTED = "rejected", _("Rejected")


# Use cases still in the running: scored, voted on, ranked and estimated.
ACTIVE_STATUSES = (Status.PROPOSED, Status.SHORTLISTED)


class RiskTier(models.TextChoices):
    """The tier that drives the rules: declared before any pre-assessment, then set by it (compliance/).

    UNACCEPTABLE is the assessment's "prohibited" (Art. 5); the stored value stays for existing data.
    """

    UNKNOWN = "unknown", _("Unknown")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    MINIMAL = "minimal", _("Minimal")
    LIMITED = "limited", _("Limited")
    HIGH = "high", _("High")
    UNACCEPTABLE = "unacceptable", _("Prohibited")


class ClientRole(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    PROVIDER = "provider", _("Provider")
    DEPLOYER = "deployer", _("Deployer")
    BOTH = "both", _("Provider and deployer")  # Art. 3(3), 3(4): builds it and uses it itself


class YesNoUnknown(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Hosting(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    ON_PREMISES = "on_premises", _("On premises")
    EU_CLOUD = "eu_cloud", _("EU cloud")
    NON_EU_CLOUD = "non_eu_cloud", _("Non-EU cloud")


class UseCase(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="use_cases")
    author = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="use_cases")
    # Set when the author was removed from the workshop: the idea stays, credited to "removed participant".
    author_removed = models.BooleanField(_("author removed"), default=False)
    title = models.CharField(_("Title"), max_length=TEXT_MAX_LENGTHS["title"])
    problem = models.TextField(_("Problem"), blank=True, max_length=TEXT_MAX_LENGTHS["problem"])
    solution = models.TextField(_("Proposed AI solution"), blank=True, max_length=TEXT_MAX_LENGTHS["solution"])
    benefits = models.TextField(_("Expected benefits"), blank=True, max_length=TEXT_MAX_LENGTHS["benefits"])
    data_sources = models.TextField(_("Data sources"), blank=True, max_length=TEXT_MAX_LENGTHS["data_sources"])
    affected_users = models.CharField(_("Affected users"), max_length=TEXT_MAX_LENGTHS["affected_users"], blank=True)
    category = models.CharField(_("Category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    # On the projector while the room discusses it: one per workshop at most, a use case in the running.
    spotlight = models.BooleanField(_("in the spotlight"), default=False)
    # Compliance block (EU AI Act, GDPR, sovereignty).
    ai_act_tier = models.CharField(
        _("EU AI Act risk tier"), max_length=12, choices=RiskTier.choices, default=RiskTier.UNKNOWN
    )
    client_role = models.CharField(
        _("Client's role"), max_length=10, choices=ClientRole.choices, default=ClientRole.UNKNOWN
    )
    personal_data = models.CharField(
        _("Personal data involved"), max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    special_category_data = models.BooleanField(_("Special-category data (GDPR Art. 9)"), default=False)
    automated_decisions = models.BooleanField(_("Automated decisions about people (GDPR Art. 22)"), default=False)
    data_location = models.CharField(
        _("Where the data would live"), max_length=14, choices=Hosting.choices, default=Hosting.UNKNOWN
    )
    model_location = models.CharField(
        _("Where the model would run"), max_length=14, choices=Hosting.choices, default=Hosting.UNKNOWN
    )
    compliance_note = models.TextField(_("Compliance note"), blank=True, max_length=TEXT_MAX_LENGTHS["compliance_note"])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("use case")
        verbose_name_plural = _("use cases")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(status="shortlisted") & models.Q(ai_act_tier="unacceptable")),
                name="usecase_unacceptable_never_shortlisted",
            ),
            models.UniqueConstraint(
                fields=["workshop"], condition=models.Q(spotlight=True), name="usecase_one_spotlight_per_workshop"
            ),
            *(max_length_constraint("usecase", field, limit) for field, limit in TEXT_MAX_LENGTHS.items()),
        ]

    def __str__(self) -> str:
        return self.title


class Score(models.Model):
    # No index of its own: score_unique starts with the participant (one index less for each score upsert).
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scores", db_index=False)
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="scores")
    # The ranking's totals (usecases/ranking.py) read a workshop's scores through this index.
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["participant", "use_case", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=1) & models.Q(value__lte=5), name="score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.criterion.name}: {self.value}"


class Vote(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="votes")
    dots = models.PositiveSmallIntegerField(_("dots"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["participant", "use_case"], name="vote_unique"),
            models.CheckConstraint(condition=models.Q(dots__gte=1), name="vote_dots_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.use_case}: {self.dots}"


class PendingImport(models.Model):
    """A file's table between its preview and "Import": kept here, not in the session, owned and short-lived.

    Confirming claims it once (``claimed_at``), so a double-clicked "Import" imports once.
    """

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    table = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="pendingimport_expires")]

    def __str__(self) -> str:
        return self.filename
