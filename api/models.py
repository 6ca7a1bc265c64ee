"""API tokens: a secret per user and system, shown once, stored only as its SHA-256 digest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A per-user API token (API-nøgle) for a system that talks to ours on the user's behalf.

    The token is `sv_<prefix>_<secret>`: the prefix finds the row (it is not secret), the SHA-256 digest of
    the whole token proves it. The token itself is never stored: a lost token is revoked and a new one made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("ejer")
    )
    name = models.CharField(_("navn"), max_length=100, help_text=_("Hvilket system bruger nøglen, fx «Fagsystem X»."))
    prefix = models.CharField(_("præfiks"), max_length=16, unique=True)
    digest = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("oprettet af")
    )
    last_used_at = models.DateTimeField(_("senest brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilbagekaldt af"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="api_token_revoked_by_only_when_revoked",
            ),
            models.CheckConstraint(condition=Q(digest__regex=r"^[0-9a-f]{64}$"), name="api_token_digest_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
