"""Users and their role. One role per user keeps the four-eyes rules simple to state and check."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPPLIER = "supplier", _("Leverandør")
    CONSULTANT = "consultant", _("Tilsynskonsulent")
    LEADER = "leader", _("Leder")
    FAGADMIN = "fagadmin", _("Fagadministrator")
    MYNDIGHED = "myndighed", _("Myndighed")


class User(AbstractUser):
    """A person who logs in. Consultants and leaders belong to one socialtilsyn; supplier users to suppliers."""

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MYNDIGHED)
    socialtilsyn = models.ForeignKey(
        "suppliers.Socialtilsyn",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("socialtilsyn"),
    )
    suppliers = models.ManyToManyField(
        "suppliers.Supplier", blank=True, related_name="users", verbose_name=_("leverandører")
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("Fx kommunen for en myndighedsbruger.")
    )

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        constraints = [
            # Consultants and leaders act for exactly one socialtilsyn; nobody else belongs to one.
            models.CheckConstraint(
                condition=(
                    Q(role__in=[Role.CONSULTANT, Role.LEADER], socialtilsyn__isnull=False)
                    | (~Q(role__in=[Role.CONSULTANT, Role.LEADER]) & Q(socialtilsyn__isnull=True))
                ),
                name="user_socialtilsyn_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """How the person is named on pages, e-mails and PDFs: the full name, else the username."""
        return self.get_full_name() or self.get_username()

    def save(self, *args, **kwargs):
        # Fagadministrators work in the admin as well (content versions); nobody else gets staff by role.
        if self.role == Role.FAGADMIN:
            self.is_staff = True
        super().save(*args, **kwargs)

    @property
    def is_supplier_user(self) -> bool:
        return self.role == Role.SUPPLIER

    @property
    def is_tilsyn_staff(self) -> bool:
        return self.role in (Role.CONSULTANT, Role.LEADER)

    @property
    def is_fagadmin(self) -> bool:
        return self.role == Role.FAGADMIN


class ExternalIdentity(models.Model):
    """A person as an OpenID Connect provider knows them: the provider's subject, tied to one of our users.

    Users are found again by (provider, subject) only, never by e-mail address: an address in a token from
    one provider must not open an account that another provider (or a password) created.
    """

    class Provider(models.TextChoices):
        SUPPLIER = "supplier", _("MitID Erhverv (leverandører)")
        STAFF = "staff", _("Myndighedens login (medarbejdere)")

    provider = models.CharField(_("udbyder"), max_length=20, choices=Provider.choices)
    subject = models.CharField(_("subjekt"), max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identities", verbose_name=_("bruger"))
    assurance_level = models.CharField(
        _("sikringsniveau"), max_length=40, blank=True, help_text=_("Sikringsniveauet ved seneste login.")
    )
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    p_number = models.CharField(_("P-nummer"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("seneste login"), null=True, blank=True)

    class Meta:
        verbose_name = _("ekstern identitet")
        verbose_name_plural = _("eksterne identiteter")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()}: {self.subject}"


class StaffGroupMapping(models.Model):
    """One group claim from the authority's identity provider and the role (and socialtilsyn) it gives."""

    group = models.CharField(_("gruppe"), max_length=255, unique=True, help_text=_("Værdien i gruppe-claimet."))
    role = models.CharField(
        _("rolle"),
        max_length=20,
        choices=[choice for choice in Role.choices if choice[0] != Role.SUPPLIER],
    )
    socialtilsyn = models.ForeignKey(
        "suppliers.Socialtilsyn",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_mappings",
        verbose_name=_("socialtilsyn"),
    )

    class Meta:
        verbose_name = _("gruppetilknytning")
        verbose_name_plural = _("gruppetilknytninger")
        ordering = ["group"]
        constraints = [
            # Supplier users come through the MitID Erhverv broker, never through a staff group.
            models.CheckConstraint(condition=~Q(role=Role.SUPPLIER), name="staff_group_mapping_not_supplier"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=[Role.CONSULTANT, Role.LEADER], socialtilsyn__isnull=False)
                    | (~Q(role__in=[Role.CONSULTANT, Role.LEADER]) & Q(socialtilsyn__isnull=True))
                ),
                name="staff_group_mapping_socialtilsyn_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"


class SupplierLink(models.Model):
    """A person from the MitID Erhverv broker asking to act for a supplier, found through the token's CVR.

    Municipal suppliers share one CVR, so a CVR alone does not say which supplier a person works for: the
    link stays pending until a user already linked to the supplier, or the supplier's socialtilsyn, confirms
    it. Only a confirmed link adds the supplier to `User.suppliers`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Afventer bekræftelse")
        CONFIRMED = "confirmed", _("Bekræftet")
        REJECTED = "rejected", _("Afvist")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supplier_links", verbose_name=_("bruger"))
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="user_links", verbose_name=_("leverandør")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    cvr = models.CharField(_("CVR-nummer"), max_length=8)
    p_number = models.CharField(_("P-nummer"), max_length=10, blank=True)
    requested_at = models.DateTimeField(_("anmodet"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besluttet af"),
    )
    decided_at = models.DateTimeField(_("besluttet"), null=True, blank=True)

    class Meta:
        verbose_name = _("tilknytning til leverandør")
        verbose_name_plural = _("tilknytninger til leverandører")
        constraints = [
            models.UniqueConstraint(fields=["user", "supplier"], name="supplier_link_unique_user_supplier"),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="supplier_link_decided_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.supplier} ({self.get_status_display()})"
