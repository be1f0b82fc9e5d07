"""Notifications: an in-app list per person, also sent by email after the change commits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="notifications", on_delete=models.CASCADE
    )
    # A key registered in kipina.core.notifications; the text is rendered in the reader's
    # language when shown, from these params.
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        from kipina.core.notifications import render

        return render(self)


class CacheVersion(models.Model):
    """A named counter every process reads: bumping it retires the caches built on it.

    Kept in the database, not the cache, so that each web worker sees another worker's bump
    (the default cache is per process).
    """

    name = models.CharField(max_length=60, primary_key=True)
    version = models.PositiveBigIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.name}={self.version}"


class SearchEntry(models.Model):
    """One searchable object's analysed text (kipina.core.search), whatever app it is from.

    `kind` names the catalogue ("toolkit.method", ...). The terms are written by
    kipina.core.search.index; the full-text index over them is database-specific and made by
    the migration: an FTS5 table kept in step by triggers on SQLite, a generated, weighted
    `tsvector` column with a GIN index on PostgreSQL.
    """

    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=8)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
