from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Written by a Celery task; lets the health page show that worker and beat are alive."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    hostname = models.CharField(max_length=200)
    token = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.hostname} {self.created_at:%Y-%m-%d %H:%M:%S}"


class StatementKind(models.TextChoices):
    """The public statements a Danish public site carries, linked from every page's footer."""

    ACCESSIBILITY = "tilgaengelighed", _("Tilgængelighedserklæring")
    PRIVACY = "privatliv", _("Privatlivspolitik")


class StatementVersion(models.Model):
    """One dated version of a public statement. Versions are only added, never changed; the newest is shown.

    `body` is plain text in the small format of `portal.domain` (headings, paragraphs, lists, links), rendered
    escaped: no HTML typed by the fagadministrator reaches the page.
    """

    kind = models.CharField(_("erklæring"), max_length=20, choices=StatementKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"))
    change_note = models.CharField(_("ændringsnote"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("offentliggjort"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="core_statement_kind_version_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"
