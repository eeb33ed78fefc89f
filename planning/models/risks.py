"""The register of risks and opportunities (TCVN ISO 9001:2015 6.1).

Each entry is rated likelihood × impact on the scale of ``PLANNING_RISK_SCALE``
(1–5 by default, settings), treated by actions (audits.CorrectiveAction rows:
corrective or improvement actions, with their own life), reviewed on a date
and re-rated after its actions close (the residual rating).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.permissions import can_rerate
from qms.history import HistoricalRecords
from qms.immutable import NeverDeleted, NeverDeletedQuerySet
from qms.text_limits import LONG_TEXT

CLAUSE = "6.1"


def risk_scale():
    return getattr(settings, "PLANNING_RISK_SCALE", 5)


def level(rating):
    """low / medium / high, by the share of the largest rating of the scale."""
    if rating is None:
        return None
    largest = risk_scale() ** 2
    if rating * 100 >= largest * 60:
        return "high"
    if rating * 100 >= largest * 30:
        return "medium"
    return "low"


LEVEL_LABELS = {"low": _("low"), "medium": _("medium"), "high": _("high")}  # level()'s names, for people


def level_label(rating):
    """The level of a rating as people read it ("thấp" …); None when unrated."""
    return LEVEL_LABELS.get(level(rating))


CLOSED = "closed"  # audits.CorrectiveAction.Status.CLOSED


class RiskQuerySet(NeverDeletedQuerySet):
    def with_rerating(self):
        """Each risk with its treatment actions counted (``actions_count``, ``open_actions``) and the
        moment the last one closed (``last_action_closed``): what ``needs_rerating`` reads."""
        return self.annotate(
            actions_count=Count("actions", distinct=True),
            open_actions=Count("actions", filter=~Q(actions__status=CLOSED), distinct=True),
            last_action_closed=Max("actions__closed_at"),
        )

    def awaiting_rerating(self):
        """Risks whose treatment actions are all closed and whose residual rating was not recorded since."""
        return (
            self.with_rerating()
            .filter(actions_count__gt=0, open_actions=0)
            .filter(Q(residual_rated_at__isnull=True) | Q(residual_rated_at__lt=F("last_action_closed")))
        )


class Risk(NeverDeleted):
    class Kind(models.TextChoices):
        RISK = "risk", _("risk")
        OPPORTUNITY = "opportunity", _("opportunity")

    agency = models.ForeignKey("qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.RISK)
    document = models.ForeignKey(
        "procedures.ControlledDocumentPage",
        verbose_name=_("process (document)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "qms.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), max_length=LONG_TEXT)
    cause = models.TextField(_("cause"), blank=True, max_length=LONG_TEXT)
    consequence = models.TextField(_("consequence"), blank=True, max_length=LONG_TEXT)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    treatment = models.TextField(_("treatment"), blank=True, max_length=LONG_TEXT)
    actions = models.ManyToManyField(
        "audits.CorrectiveAction",
        verbose_name=_("treatment actions"),
        blank=True,
        related_name="treated_risks",
    )
    review_date = models.DateField(_("review date"))
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"), null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"), null=True, blank=True)
    residual_rated_at = models.DateTimeField(_("residual rating recorded at"), null=True, editable=False)
    residual_note = models.TextField(_("note on the residual rating"), blank=True, max_length=LONG_TEXT)

    objects = RiskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")

    def __str__(self):
        return self.description[:80]

    def clean(self):
        super().clean()
        scale = risk_scale()
        errors = {}
        for name in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= scale:
                errors[name] = _("Give a number from 1 to %(scale)s.") % {"scale": scale}
        if (self.residual_likelihood is None) != (self.residual_impact is None):
            errors["residual_impact"] = _("Give both the residual likelihood and the residual impact, or neither.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Recording (or changing) the residual rating dates it: a re-rating after the actions closed.
        residual = (self.residual_likelihood, self.residual_impact)
        stored = None
        if self.pk and not self._state.adding:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values_list("residual_likelihood", "residual_impact")
                .first()
            )
        if None not in residual and residual != stored:
            self.residual_rated_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "residual_rated_at"}
        super().save(*args, **kwargs)

    def record_residual(self, user, likelihood, impact, note=""):
        """The risk's owner or the agency's ISO secretary re-rates the risk: the residual rating is dated
        now even when the figures are unchanged (the owner confirms them after the actions closed)."""
        if not can_rerate(user, self):
            raise PermissionDenied(_("Only the risk's owner or the ISO secretary records its residual rating."))
        scale = risk_scale()
        errors = {
            name: _("Give a number from 1 to %(scale)s.") % {"scale": scale}
            for name, value in (("residual_likelihood", likelihood), ("residual_impact", impact))
            if not isinstance(value, int) or not 1 <= value <= scale
        }
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            risk = type(self).objects.select_for_update().get(pk=self.pk)
            risk.residual_likelihood, risk.residual_impact = likelihood, impact
            risk.residual_note = (note or "").strip()
            risk.residual_rated_at = timezone.now()
            risk._history_user = user
            risk.save()
        return risk

    @property
    def needs_rerating(self):
        """Every treatment action is closed and no residual rating was recorded since the last closed."""
        if hasattr(self, "open_actions"):
            count, still_open, last = self.actions_count, self.open_actions, self.last_action_closed
        else:
            actions = list(self.actions.all()) if self.pk else []
            count = len(actions)
            still_open = sum(1 for action in actions if action.status != CLOSED)
            last = max((a.closed_at for a in actions if a.closed_at), default=None)
        if not count or still_open:
            return False
        return self.residual_rated_at is None or (last is not None and self.residual_rated_at < last)

    @property
    def rating(self):
        return self.likelihood * self.impact

    @property
    def residual_rating(self):
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact

    @property
    def level(self):
        return level(self.rating)

    @property
    def clause(self):
        return f"TCVN ISO 9001:2015 {CLAUSE}"
