from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshop.models import Participant, Workshop


class Axis(models.TextChoices):
    IMPACT = "impact", _("Impact")
    FEASIBILITY = "feasibility", _("Feasibility")


# The default set copied into each new workshop, all phrased so that 5 is better.
DEFAULT_CRITERIA: list[tuple[str, str]] = [
    (Axis.IMPACT, _("Business value")),
    (Axis.IMPACT, _("User pain relieved")),
    (Axis.IMPACT, _("Strategic fit")),
    (Axis.FEASIBILITY, _("Data readiness")),
    (Axis.FEASIBILITY, _("Technical simplicity")),
    (Axis.FEASIBILITY, _("Skills & resources")),
    (Axis.FEASIBILITY, _("Regulatory & ethical ease")),
]


class Criterion(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=100)
    axis = models.CharField(_("axis"), max_length=12, choices=Axis.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1) & models.Q(weight__lte=5), name="criterion_weight_1_5"
            ),
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
    UNKNOWN = "unknown", _("Unknown")
    MINIMAL = "minimal", _("Minimal")
    LIMITED = "limited", _("Limited")
    HIGH = "high", _("High")
    UNACCEPTABLE = "unacceptable", _("Unacceptable")


class ClientRole(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    PROVIDER = "provider", _("Provider")
    DEPLOYER = "deployer", _("Deployer")


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
    title = models.CharField(_("Title"), max_length=200)
    problem = models.TextField(_("Problem"), blank=True)
    solution = models.TextField(_("Proposed AI solution"), blank=True)
    benefits = models.TextField(_("Expected benefits"), blank=True)
    data_sources = models.TextField(_("Data sources"), blank=True)
    affected_users = models.CharField(_("Affected users"), max_length=200, blank=True)
    category = models.CharField(_("Category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
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
    compliance_note = models.TextField(_("Compliance note"), blank=True)
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
