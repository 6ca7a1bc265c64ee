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
        return self.get_full_name() or self.username

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
