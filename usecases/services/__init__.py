"""Every write on use cases, criteria, scores and votes, with the rules that guard it: one module per aggregate.

Services take keyword arguments, check who may act and in which phase, and
raise ValidationError (bad input, per field), PermissionDenied (not allowed)
or Refused (a rule of the workshop right now). Every change touches the
workshop so that live boards refresh. The names are re-exported here, so
`from usecases.services import vote_set` reads the same as before the split.
"""

from usecases.services.criteria import (
    DESCRIPTION_MAX_LENGTH,
    MAX_CRITERIA,
    ORDER_MAX,
    WEIGHT_MAX,
    WEIGHT_MIN,
    _clean_criterion,
    _clean_description,
    _criteria_event,
    _require_criteria_editable,
    _template_criteria,
    criteria_apply_template,
    criteria_copy_defaults,
    criterion_create,
    criterion_delete,
    criterion_move,
    criterion_update,
)
from usecases.services.guards import (
    _refuse_phase,
    _require_own_workshop,
    _require_participant,
    too_long_message,
    unacceptable_message,
)
from usecases.services.scoring import (
    SCORE_MAX,
    SCORE_MIN,
    _score_value,
    scores_set,
)
from usecases.services.use_cases import (
    _CHOICES,
    CONTENT_FIELDS,
    TITLE_MAX_LENGTH,
    _facilitator_use_case_event,
    clean_use_case,
    participant_contributions_remove,
    require_may_edit,
    spotlight_set,
    use_case_create,
    use_case_delete,
    use_case_merge,
    use_case_set_status,
    use_case_update,
    use_cases_credit_removed_author,
    use_cases_import,
)
from usecases.services.voting import (
    _check_may_vote,
    _lock_participant,
    _set_dots,
    vote_change,
    vote_set,
)

__all__ = [
    "CONTENT_FIELDS",
    "DESCRIPTION_MAX_LENGTH",
    "MAX_CRITERIA",
    "ORDER_MAX",
    "SCORE_MAX",
    "SCORE_MIN",
    "TITLE_MAX_LENGTH",
    "WEIGHT_MAX",
    "WEIGHT_MIN",
    "_CHOICES",
    "_check_may_vote",
    "_clean_criterion",
    "_clean_description",
    "_criteria_event",
    "_facilitator_use_case_event",
    "_lock_participant",
    "_refuse_phase",
    "_require_criteria_editable",
    "_require_own_workshop",
    "_require_participant",
    "_score_value",
    "_set_dots",
    "_template_criteria",
    "clean_use_case",
    "criteria_apply_template",
    "criteria_copy_defaults",
    "criterion_create",
    "criterion_delete",
    "criterion_move",
    "criterion_update",
    "participant_contributions_remove",
    "require_may_edit",
    "scores_set",
    "spotlight_set",
    "too_long_message",
    "unacceptable_message",
    "use_case_create",
    "use_case_delete",
    "use_case_merge",
    "use_case_set_status",
    "use_case_update",
    "use_cases_credit_removed_author",
    "use_cases_import",
    "vote_change",
    "vote_set",
]
