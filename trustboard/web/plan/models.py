"""The CYPP action plan: priorities under each area of focus, their actions, dated progress.

The plan arrives as the board's progress spreadsheet and lives on here so that progress is
written where the figures are: each action can name the framework indicators that show whether
it works ("how we will know"), and the agencies that answer for it, whose contributors may then
report its progress. Progress updates are a dated log, never edited or deleted: a correction is
a new update, so what the board was told on a date stays readable.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from trustboard.core.periods import add_months
from trustboard.web.accounts.models import Agency
from trustboard.web.framework.models import Area, Indicator

DEFAULT_UPDATE_MONTHS = 3
"""The board hears about the plan each quarter, so an action is overdue after three months."""
MAX_UPDATE_MONTHS = 24


class PlanImport(models.Model):
    """One progress spreadsheet loaded, identified by the hash of its bytes so that loading the
    same file again is recognised and changes nothing."""

    file_name = models.CharField(max_length=300)
    content_hash = models.CharField(max_length=64, unique=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    progress_date = models.DateField(help_text="The date the file's Progress column is as at.")
    priorities = models.PositiveIntegerField(default=0)
    actions_created = models.PositiveIntegerField(default=0)
    actions_changed = models.PositiveIntegerField(default=0)
    updates = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"plan import #{self.pk} {self.file_name}"


class Priority(models.Model):
    """An area of focus's priority, e.g. Be successful: "Focus on Children who are not engaged
    in Education"."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="plan_priorities")
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["area__order", "order", "id"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["area", "title"], name="one_priority_per_title")
        ]

    def __str__(self) -> str:
        return f"{self.area.name}: {self.title}"


class Action(models.Model):
    """One line of the plan, with the spreadsheet's columns and what the app adds: the owner
    who reports on it, how often progress is expected and the indicators that measure it."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField()
    agencies = models.ManyToManyField(Agency, blank=True, related_name="plan_actions")
    other_responsible = models.TextField(
        blank=True,
        help_text="Responsible bodies that are not among the framework's agencies.",
        verbose_name="other responsible bodies",
    )
    measures = models.TextField(blank=True, verbose_name="how we will know it has improved")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="plan_actions")
    board_leads = models.TextField(blank=True, verbose_name="Children's Trust Board leads")
    timetable = models.CharField(max_length=200, blank=True, verbose_name="reporting timetable")
    update_every_months = models.PositiveSmallIntegerField(
        default=DEFAULT_UPDATE_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_UPDATE_MONTHS)],
        verbose_name="progress expected every (months)",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority__area__order", "priority__order", "order", "id"]

    def __str__(self) -> str:
        short = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f"Action {self.pk}: {short}"

    def latest_update(self) -> ActionUpdate | None:
        """The newest update (uses a prefetched ``updates`` list when there is one)."""
        updates = list(self.updates.all())
        return max(updates, key=ActionUpdate.sort_key) if updates else None

    def due_date(self, latest: ActionUpdate | None = None) -> date:
        """When the next update is due: the frequency after the latest update, or after the
        action was added if it has none yet."""
        latest = latest if latest is not None else self.latest_update()
        since = latest.date if latest is not None else self.created_at.date()
        return add_months(since, self.update_every_months)

    def is_overdue(self, today: date, latest: ActionUpdate | None = None) -> bool:
        return today > self.due_date(latest)

    def responsible_names(self) -> list[str]:
        """The agencies by name, then the other bodies, as the spreadsheet lists them."""
        names = [a.name for a in self.agencies.all()]
        if self.other_responsible:
            names.append(self.other_responsible)
        return names


class ActionUpdateQuerySet(models.QuerySet):
    """Bulk changes refused too, so that ``filter(...).update()`` cannot go round ``save``."""

    def update(self, **kwargs):
        raise ValueError("progress updates are never edited: add a new update instead")

    def delete(self):
        raise ValueError("progress updates are never deleted: add a correcting update instead")


class ActionUpdate(models.Model):
    """A dated progress update. Never edited or deleted: the board's record of what it was told
    stays as it was, and a correction is a new update. (Django's own bulk path, setting the
    author to null when a user is deleted, still works: users are deactivated, not deleted.)"""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    date = models.DateField(help_text="The date the progress is as at.")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    plan_import = models.ForeignKey(
        PlanImport, null=True, blank=True, on_delete=models.PROTECT, related_name="action_updates"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"Update on action {self.action_id} at {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("progress updates are never edited: add a new update instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("progress updates are never deleted: add a correcting update instead")

    @staticmethod
    def sort_key(update: ActionUpdate) -> tuple:
        return (update.date, update.created_at, update.pk or 0)
