"""Who is supervised, and by whom: the five socialtilsyn, suppliers and their departments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .domain import is_valid_cvr, normalise_cvr
from .municipalities import MUNICIPALITIES


def validate_cvr(value: str) -> None:
    if not is_valid_cvr(normalise_cvr(value)):
        raise ValidationError(
            _("CVR-nummeret skal være 8 cifre og bestå modulus 11-kontrollen. Tjek nummeret på cvr.dk."),
            code="invalid_cvr",
        )


class CvrField(models.CharField):
    """A CVR number stored as its 8 digits; what people type around it ('DK', spaces) is removed first."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_cvr(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        # Let people type "DK 1234 5678"; the model field stores the 8 digits.
        return super().formfield(**{"max_length": 16, **kwargs})


class Socialtilsyn(models.Model):
    """One of the five regional supervision authorities."""

    code = models.SlugField(_("kode"), unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True)
    host_municipality = models.CharField(_("værtskommune"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("socialtilsyn")
        verbose_name_plural = _("socialtilsyn")

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    """A supplier of social services (leverandør / tilbud), identified by its CVR number."""

    class Ownership(models.TextChoices):
        KOMMUNAL = "kommunal", _("Kommunal")
        REGIONAL = "regional", _("Regional")
        PRIVAT = "privat", _("Privat")
        SELVEJENDE = "selvejende", _("Selvejende")

    class Kind(models.TextChoices):
        MIDLERTIDIGT_BOTILBUD = "sel107", _("Midlertidigt botilbud (SEL § 107)")
        LAENGEREVARENDE_BOTILBUD = "sel108", _("Længerevarende botilbud (SEL § 108)")
        ALMEN_BOLIG = "abl105", _("Almen bolig med støtte (ABL § 105 / SEL § 85)")
        DAGTILBUD = "sel104", _("Aktivitets- og samværstilbud / beskyttet beskæftigelse (SEL §§ 103-104)")
        DOEGNTILBUD_BOERN = "barnetslov", _("Døgntilbud for børn og unge (barnets lov)")
        MATRIKELLOEST = "matrikelloest", _("Matrikelløs indsats")

    name = models.CharField(_("navn"), max_length=200)
    cvr = CvrField(_("CVR-nummer"), max_length=8, validators=[validate_cvr])
    tilbudsportal_id = models.PositiveIntegerField(_("Tilbudsportalen-id"), null=True, blank=True, unique=True)
    ownership = models.CharField(_("ejerform"), max_length=20, choices=Ownership.choices)
    kind = models.CharField(_("tilbudstype"), max_length=20, choices=Kind.choices)
    street = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    municipality_code = models.CharField(
        _("kommune"),
        max_length=3,
        blank=True,
        choices=[(m.code, m.name) for m in MUNICIPALITIES],
        help_text=_("Den kommune, tilbuddet ligger i."),
    )
    socialtilsyn = models.ForeignKey(
        Socialtilsyn, on_delete=models.PROTECT, related_name="suppliers", verbose_name=_("socialtilsyn")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")
        constraints = [
            models.CheckConstraint(condition=Q(cvr__regex=r"^[1-9][0-9]{7}$"), name="supplier_cvr_8_digits"),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^[0-9]{4}$"), name="supplier_postcode"
            ),
        ]
        indexes = [
            models.Index(fields=["cvr"]),
            # The supplier list and the staff dashboard (a socialtilsyn's suppliers by name, 10 or 25 at a time)
            # and the fagadministrator's list of all: the first rows read off the index, no sort of them all.
            models.Index(fields=["socialtilsyn", "name", "id"], name="supplier_tilsyn_name"),
            models.Index(fields=["name", "id"], name="supplier_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """An afdeling of a supplier. An assessment can be of a single department.

    A department is a matrikelløs indsats when all four criteria of the model hold; the flag is derived
    by the database so it can never disagree with the criteria.
    """

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="departments", verbose_name=_("leverandør")
    )
    name = models.CharField(_("navn"), max_length=200)
    tilbudsportal_id = models.PositiveIntegerField(_("Tilbudsportalen-id"), null=True, blank=True, unique=True)
    street = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    no_fixed_residence = models.BooleanField(_("borgeren har ikke fast ophold hos leverandøren"), default=False)
    delivered_locally = models.BooleanField(
        _("indsatsen leveres i borgerens nærmiljø eller hos leverandøren"), default=False
    )
    legal_basis_sel = models.BooleanField(_("indsatsen har hjemmel i serviceloven"), default=False)
    developing_aim = models.BooleanField(_("indsatsen har et udviklende eller (re)habiliterende sigte"), default=False)
    is_matrikelloes = models.GeneratedField(
        # Q is a valid boolean SQL expression; the stubs only know Expression.
        expression=Q(  # type: ignore[arg-type]
            no_fixed_residence=True, delivered_locally=True, legal_basis_sel=True, developing_aim=True
        ),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("matrikelløs indsats"),
    )

    class Meta:
        ordering = ["supplier__name", "name"]
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelinger")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "name"], name="department_unique_name_per_supplier"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier.name} – {self.name}"


class SupplierImport(models.Model):
    """An uploaded register file, parsed: what it would create and change, and whether it has been applied.

    The parsed records are kept here between the preview and the confirmation, so the confirmation applies
    exactly what was previewed and never trusts anything the browser sends back.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Behandles")
        REFUSED = "refused", _("Afvist")
        READY = "ready", _("Klar til indlæsning")
        APPLIED = "applied", _("Indlæst")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploadet af")
    )
    created_at = models.DateTimeField(_("uploadet"), auto_now_add=True)
    filename = models.CharField(_("filnavn"), max_length=200)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    row_count = models.PositiveIntegerField(default=0)
    # A large file waits in private storage for the Celery task that parses it (an outbox row, in effect).
    stored_file = models.CharField(max_length=200, blank=True)
    progress = models.PositiveIntegerField(default=0, help_text="rows read so far by the parsing task")
    touched_at = models.DateTimeField(null=True, blank=True, help_text="last queued or last progress")
    records = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    plan = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("leverandørimport")
        verbose_name_plural = _("leverandørimporter")

    def __str__(self) -> str:
        return self.filename
