"""An outbox of messages to users. A row is written in the transaction of the event; a task sends it.

`dedupe_key` is unique: whatever writes a notice twice (two sweeps, two beat processes, a retry) writes
one row, so each notice is sent once. Typical key: "<kind>:<object>:<due date>:<recipient>".

A row the sweeps write in bulk carries `context` instead of a rendered e-mail: it is rendered when it is
sent (and the rendering is then stored on the row, as the record of what was said).

A failed attempt is recorded on the row (attempts, last_error, last_attempt_at) and the row waits until
`next_attempt_at` (exponential backoff); after settings.NOTIFICATION_MAX_ATTEMPTS it is given up
(`gave_up_at`) and nobody retries it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(
        "assessments.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(_("type"), max_length=60)
    dedupe_key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(_("emne"), max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    # What the e-mail is rendered from when it is sent (rows the sweeps write in bulk: kind + this context,
    # models as references); null when subject and bodies were rendered when the row was written.
    context = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # Empty until the first failure; the sweep only picks rows whose time has come.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        indexes = [
            # The outbox sweep's rows, in its order (the longest waiting first): a few among 500,000 sent ones.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(sent_at__isnull=True, gave_up_at__isnull=True),
                name="notification_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"
