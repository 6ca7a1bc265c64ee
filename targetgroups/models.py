"""The content of the specialisation model, held as versioned data.

Target groups, their descriptions (the 4 × 3 grid), assessment guides (criteria per parameter and
level) and placement-rule versions. A version is edited as a draft, then published; a published
version never changes again (it can only be retired when a newer one takes over), so a case can
always be read against the exact text it was judged by.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from targetgroups.domain import questions

from .domain.model import (
    DescriptionParameter,
    Level,
    SupplierParameter,
)
from .domain.placement import PARAMETER_COUNT, RuleSettings


class LevelChoices(models.IntegerChoices):
    LET = Level.LET, _("Let")
    MODERAT = Level.MODERAT, _("Moderat")
    HOEJT = Level.HOEJT, _("Højt")


class DescriptionParameterChoices(models.TextChoices):
    KOMPLEKSITET = DescriptionParameter.KOMPLEKSITET.value, _("Målgruppekompleksitet")
    STOERRELSE = DescriptionParameter.STOERRELSE.value, _("Målgruppens størrelse")
    SAMMENSAETNING = DescriptionParameter.SAMMENSAETNING.value, _("Sammensætning af ydelser og foranstaltninger")
    FAGLIGT_INDHOLD = DescriptionParameter.FAGLIGT_INDHOLD.value, _("Fagligt indhold")


class SupplierParameterChoices(models.TextChoices):
    AKTIV_PRAKSIS = SupplierParameter.AKTIV_PRAKSIS.value, _("Aktiv praksis")
    PRAKSISERFARING = SupplierParameter.PRAKSISERFARING.value, _("Praksiserfaring")
    UDDANNELSE = SupplierParameter.UDDANNELSE.value, _("Uddannelsesmæssige kompetencer")
    FAGMILJOE = SupplierParameter.FAGMILJOE.value, _("Fagmiljø")
    SAMARBEJDSFORMER = SupplierParameter.SAMARBEJDSFORMER.value, _("Samarbejdsformer")
    VIDENSUDVIKLING = SupplierParameter.VIDENSUDVIKLING.value, _("Vidensudvikling")
    METODER = SupplierParameter.METODER.value, _("Metoder og faglige tilgange")
    HJAELPEMIDLER = SupplierParameter.HJAELPEMIDLER.value, _("Hjælpemidler og teknologi")


class PublishedVersionIsImmutable(ValidationError):
    pass


class TargetGroup(models.Model):
    """A målgruppe for one age band, e.g. 'Autisme – voksne'."""

    class AgeBand(models.TextChoices):
        BOERN = "boern", _("Børn")
        UNGE = "unge", _("Unge")
        VOKSNE = "voksne", _("Voksne")

    name = models.CharField(_("målgruppe"), max_length=120)
    age_band = models.CharField(_("aldersgruppe"), max_length=10, choices=AgeBand.choices)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name", "age_band"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        constraints = [models.UniqueConstraint(fields=["name", "age_band"], name="targetgroup_unique_name_age")]

    def __str__(self) -> str:
        return f"{self.name} – {self.get_age_band_display().lower()}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    PUBLISHED = "published", _("Offentliggjort")
    RETIRED = "retired", _("Udgået")


class VersionedContent(models.Model):
    """Common fields and the immutability guard of every versioned content type."""

    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    change_note = models.TextField(_("ændringsnote"), blank=True)
    valid_from = models.DateField(_("gælder fra"), null=True, blank=True)
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retired_at = models.DateTimeField(_("udgået"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Every concrete version type scopes its versions by target group (nullable for national rules).
    target_group_id: int | None

    # Fields that may still change after publication (retiring a version).
    MUTABLE_AFTER_PUBLISH = frozenset({"status", "retired_at"})

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).first()
            if stored is not None and stored.status != VersionStatus.DRAFT:
                changed = {
                    f.attname
                    for f in self._meta.concrete_fields
                    if getattr(stored, f.attname) != getattr(self, f.attname)
                }
                if changed - self.MUTABLE_AFTER_PUBLISH:
                    raise PublishedVersionIsImmutable(
                        _("En offentliggjort version kan ikke ændres. Opret en ny version.")
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status != VersionStatus.DRAFT:
            raise PublishedVersionIsImmutable(_("En offentliggjort version kan ikke slettes."))
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


def _published_constraints(prefix: str, scope: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(fields=[scope, "version"], name=f"{prefix}_unique_version"),
        # At most one version of each target group is the current published one.
        models.UniqueConstraint(
            fields=[scope], condition=Q(status=VersionStatus.PUBLISHED), name=f"{prefix}_one_published"
        ),
        models.CheckConstraint(
            condition=Q(status=VersionStatus.DRAFT) | Q(published_at__isnull=False, valid_from__isnull=False),
            name=f"{prefix}_published_has_dates",
        ),
    ]


class ChildOfVersion(models.Model):
    """A row that belongs to a versioned parent and is frozen with it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)

    def version_parent(self) -> VersionedContent:
        raise NotImplementedError

    def _guard(self) -> None:
        if not self.version_parent().is_draft:
            raise PublishedVersionIsImmutable(_("En offentliggjort version kan ikke ændres. Opret en ny version."))


class TargetGroupDescription(VersionedContent):
    """A målgruppebeskrivelse version: the 4 × 3 grid of the target group's needs."""

    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="descriptions")
    introduction = models.TextField(_("indledning"), blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        ordering = ["target_group", "-version"]
        verbose_name = _("målgruppebeskrivelse")
        verbose_name_plural = _("målgruppebeskrivelser")
        constraints = _published_constraints("description", "target_group")

    def __str__(self) -> str:
        return f"{self.target_group} – beskrivelse v{self.version}"


class DescriptionCell(ChildOfVersion):
    """One box of the description grid: one parameter at one level. Judgements cite cells by id."""

    description = models.ForeignKey(TargetGroupDescription, on_delete=models.CASCADE, related_name="cells")
    parameter = models.CharField(_("parameter"), max_length=20, choices=DescriptionParameterChoices.choices)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=LevelChoices.choices)
    text = models.TextField(_("tekst"))

    class Meta:
        ordering = ["description", "parameter", "level"]
        verbose_name = _("beskrivelsesboks")
        verbose_name_plural = _("beskrivelsesbokse")
        constraints = [
            models.UniqueConstraint(fields=["description", "parameter", "level"], name="cell_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_parameter_display()}, {self.get_level_display().lower()}"

    def version_parent(self) -> VersionedContent:
        return self.description

    @property
    def reference(self) -> str:
        """A short, human-citable address such as 'B2-H' (row 2 of the grid, højt)."""
        row = list(DescriptionParameter).index(DescriptionParameter(self.parameter)) + 1
        return f"B{row}-{'LMH'[self.level - 1]}"


class AssessmentGuide(VersionedContent):
    """A vejledning version: concrete criteria per parameter and level for one target group."""

    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="guides")
    description = models.ForeignKey(
        TargetGroupDescription,
        on_delete=models.PROTECT,
        related_name="guides",
        verbose_name=_("målgruppebeskrivelse"),
        help_text=_("Den version af målgruppebeskrivelsen, som kriterierne henviser til."),
    )
    introduction = models.TextField(_("indledning"), blank=True)
    decision_validity_months = models.PositiveSmallIntegerField(
        _("afgørelsens gyldighed (måneder)"), default=36, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        ordering = ["target_group", "-version"]
        verbose_name = _("vejledning")
        verbose_name_plural = _("vejledninger")
        constraints = _published_constraints("guide", "target_group")

    def __str__(self) -> str:
        return f"{self.target_group} – vejledning v{self.version}"

    def clean(self) -> None:
        if self.description_id and self.target_group_id and self.description.target_group_id != self.target_group_id:
            raise ValidationError({"description": _("Beskrivelsen skal høre til samme målgruppe.")})


class GuideParameter(ChildOfVersion):
    """One of the eight supplier parameters as the guide explains it."""

    guide = models.ForeignKey(AssessmentGuide, on_delete=models.CASCADE, related_name="parameters")
    parameter = models.CharField(_("parameter"), max_length=20, choices=SupplierParameterChoices.choices)
    introduction = models.TextField(_("forklaring"), blank=True)

    class Meta:
        verbose_name = _("vejledningsparameter")
        verbose_name_plural = _("vejledningsparametre")
        constraints = [models.UniqueConstraint(fields=["guide", "parameter"], name="guideparameter_unique")]

    def __str__(self) -> str:
        return self.get_parameter_display()

    def version_parent(self) -> VersionedContent:
        return self.guide

    @property
    def position(self) -> int:
        return list(SupplierParameter).index(SupplierParameter(self.parameter)) + 1


class GuideCriterion(ChildOfVersion):
    """What a supplier must show to meet one parameter at one level, and the description boxes it rests on."""

    guide_parameter = models.ForeignKey(GuideParameter, on_delete=models.CASCADE, related_name="criteria")
    level = models.PositiveSmallIntegerField(_("niveau"), choices=LevelChoices.choices)
    text = models.TextField(_("kriterium"))
    cells = models.ManyToManyField(
        DescriptionCell, blank=True, related_name="criteria", verbose_name=_("beskrivelsesbokse")
    )

    class Meta:
        ordering = ["guide_parameter", "level"]
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        constraints = [models.UniqueConstraint(fields=["guide_parameter", "level"], name="criterion_unique_level")]

    def __str__(self) -> str:
        return f"{self.guide_parameter} – {self.get_level_display().lower()}"

    def version_parent(self) -> VersionedContent:
        return self.guide_parameter.guide


class CriterionThreshold(ChildOfVersion):
    """An optional numeric threshold of a criterion, e.g. 'mindst 5 borgere pr. kalenderår'."""

    criterion = models.ForeignKey(GuideCriterion, on_delete=models.CASCADE, related_name="thresholds")
    label = models.CharField(_("hvad der tælles"), max_length=200)
    minimum = models.DecimalField(_("mindst"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("enhed"), max_length=40, help_text=_("fx 'borgere pr. år', '%' eller 'år'"))

    class Meta:
        ordering = ["criterion", "id"]
        verbose_name = _("tærskel")
        verbose_name_plural = _("tærskler")

    def __str__(self) -> str:
        return f"{self.label}: mindst {self.minimum.normalize():f} {self.unit}"

    def version_parent(self) -> VersionedContent:
        return self.criterion.guide_parameter.guide


class PlacementRule(VersionedContent):
    """A version of the placement rule's numbers. target_group empty = the national default."""

    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_rules",
        help_text=_("Tom: reglen gælder alle målgrupper, som ikke har deres egen."),
    )
    name = models.CharField(_("navn"), max_length=120)
    moderat_min_at_least_moderat = models.PositiveSmallIntegerField(
        _("moderat: mindst antal på moderat eller højt"), default=7
    )
    hoejt_min_at_hoejt = models.PositiveSmallIntegerField(_("højt: mindst antal på højt"), default=7)
    hoejt_max_at_moderat = models.PositiveSmallIntegerField(_("højt: højst antal på moderat"), default=1)
    hoejt_max_at_let = models.PositiveSmallIntegerField(_("højt: højst antal på let"), null=True, blank=True)
    weights = models.JSONField(
        _("vægte"),
        default=list,
        blank=True,
        help_text=_("Otte hele tal i parametrenes rækkefølge; tom = alle vægter 1."),
    )
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        ordering = ["target_group", "-version"]
        verbose_name = _("indplaceringsregel")
        verbose_name_plural = _("indplaceringsregler")
        constraints = [
            models.UniqueConstraint(
                fields=["target_group", "version"], nulls_distinct=False, name="rule_unique_version"
            ),
            models.UniqueConstraint(
                fields=["target_group"],
                condition=Q(status=VersionStatus.PUBLISHED),
                nulls_distinct=False,
                name="rule_one_published",
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(published_at__isnull=False, valid_from__isnull=False),
                name="rule_published_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def settings(self) -> RuleSettings:
        return RuleSettings(
            moderat_min_at_least_moderat=self.moderat_min_at_least_moderat,
            hoejt_min_at_hoejt=self.hoejt_min_at_hoejt,
            hoejt_max_at_moderat=self.hoejt_max_at_moderat,
            hoejt_max_at_let=self.hoejt_max_at_let,
            weights=tuple(self.weights) if self.weights else (1,) * PARAMETER_COUNT,
        )

    def clean(self) -> None:
        try:
            self.settings()
        except (ValueError, TypeError) as exc:
            raise ValidationError({"weights": _("Angiv otte positive hele tal, eller lad feltet stå tomt.")}) from exc


class FormTemplate(VersionedContent):
    """A version of the oplysningsskema for one target group: the questions a supplier answers.

    It serves one guide version; each question names the guide criteria it gives evidence for.
    """

    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="form_templates")
    guide = models.ForeignKey(
        AssessmentGuide, on_delete=models.PROTECT, related_name="form_templates", verbose_name=_("vejledning")
    )
    title = models.CharField(_("titel"), max_length=200)
    introduction = models.TextField(_("indledning til leverandøren"), blank=True)

    class Meta:
        ordering = ["target_group", "-version"]
        verbose_name = _("skabelon for oplysningsskema")
        verbose_name_plural = _("skabeloner for oplysningsskema")
        constraints = _published_constraints("formtemplate", "target_group")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class QuestionKind(models.TextChoices):
    """The kinds of question, with their labels; the values and the rules per kind are targetgroups.domain.questions."""

    INTEGER = questions.INTEGER, _("Helt tal")
    YES_NO = questions.YES_NO, _("Ja/nej")
    SINGLE = questions.SINGLE, _("Ét valg")
    MULTIPLE = questions.MULTIPLE, _("Flere valg")
    SHORT_TEXT = questions.SHORT_TEXT, _("Kort tekst")
    LONG_TEXT = questions.LONG_TEXT, _("Lang tekst")
    DATE = questions.DATE, _("Dato")
    FILE = questions.FILE, _("Filer")
    TABLE = questions.TABLE, _("Tabel")


class FormQuestion(ChildOfVersion):
    """One question of a form template.

    `key` is stable across versions: a new form can start from the last submitted answers by matching
    keys. Choice lists and table columns are JSON specs validated by assessments.domain.answers.
    """

    template = models.ForeignKey(FormTemplate, on_delete=models.CASCADE, related_name="questions")
    parameter = models.CharField(
        _("parameter"),
        max_length=20,
        choices=SupplierParameterChoices.choices,
        blank=True,
        help_text=_("Tom: et generelt spørgsmål, der ikke hører til én parameter."),
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    key = models.SlugField(_("nøgle"), max_length=80)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    label = models.CharField(_("spørgsmål"), max_length=400)
    help_text = models.TextField(_("hjælpetekst"), blank=True)
    required = models.BooleanField(_("skal besvares"), default=True)
    min_value = models.IntegerField(_("mindsteværdi"), null=True, blank=True)
    max_value = models.IntegerField(_("højeste værdi"), null=True, blank=True)
    max_words = models.PositiveIntegerField(_("højst antal ord"), null=True, blank=True)
    choices = models.JSONField(_("svarmuligheder"), default=list, blank=True)
    columns = models.JSONField(_("tabelkolonner"), default=list, blank=True)
    max_rows = models.PositiveSmallIntegerField(_("højst antal rækker"), null=True, blank=True)
    criteria = models.ManyToManyField(
        GuideCriterion, blank=True, related_name="questions", verbose_name=_("kriterier i vejledningen")
    )

    class Meta:
        ordering = ["template", "position", "id"]
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="question_unique_key"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="question_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def version_parent(self) -> VersionedContent:
        return self.template
