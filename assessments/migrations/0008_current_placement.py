"""The current-placement table (assessments.models.CurrentPlacement): pg_trgm for the misspelt-name search, the
table, the triggers that copy supplier and department renames and address changes into it, and the backfill
from the decisions (a frozen copy of assessments.services.placements._INSERT)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.operations
import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


_ADDRESS = "concat_ws(', ', NULLIF({t}.street, ''), NULLIF(btrim({t}.postcode || ' ' || {t}.city), ''))"

TRIGGERS = f"""
CREATE FUNCTION assessments_placement_copy_supplier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assessments_currentplacement p SET
        supplier_name = NEW.name,
        cvr = NEW.cvr,
        supplier_address = {_ADDRESS.format(t="NEW")},
        municipality_code = NEW.municipality_code,
        ownership = NEW.ownership,
        matrikelloes = CASE WHEN p.department_id IS NULL THEN NEW.kind = 'matrikelloest' ELSE p.matrikelloes END
    WHERE p.supplier_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER assessments_placement_copy_supplier AFTER UPDATE ON suppliers_supplier FOR EACH ROW
WHEN ((OLD.name, OLD.cvr, OLD.street, OLD.postcode, OLD.city, OLD.municipality_code, OLD.ownership, OLD.kind)
      IS DISTINCT FROM (NEW.name, NEW.cvr, NEW.street, NEW.postcode, NEW.city, NEW.municipality_code, NEW.ownership, NEW.kind))
EXECUTE FUNCTION assessments_placement_copy_supplier();

CREATE FUNCTION assessments_placement_copy_department() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assessments_currentplacement p SET
        department_name = NEW.name,
        department_address = {_ADDRESS.format(t="NEW")},
        matrikelloes = NEW.is_matrikelloes
    WHERE p.department_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER assessments_placement_copy_department AFTER UPDATE ON suppliers_department FOR EACH ROW
WHEN ((OLD.name, OLD.street, OLD.postcode, OLD.city, OLD.is_matrikelloes)
      IS DISTINCT FROM (NEW.name, NEW.street, NEW.postcode, NEW.city, NEW.is_matrikelloes))
EXECUTE FUNCTION assessments_placement_copy_department();
"""

DROP_TRIGGERS = """
DROP TRIGGER assessments_placement_copy_supplier ON suppliers_supplier;
DROP FUNCTION assessments_placement_copy_supplier();
DROP TRIGGER assessments_placement_copy_department ON suppliers_department;
DROP FUNCTION assessments_placement_copy_department();
"""

# The current decision of each subject, as assessments.selectors.reassessment.current_decisions() defines it
# (decided states: afgjort, klage), the newest of a subject's if several.
BACKFILL = f"""
INSERT INTO assessments_currentplacement (
    decision_id, case_id, supplier_id, department_id, target_group_id, socialtilsyn_id,
    level, remedy_level, valid_from, valid_until, remedy_until, decided_at,
    age_band, municipality_code, ownership, matrikelloes,
    supplier_name, cvr, supplier_address, department_name, department_address
)
SELECT DISTINCT ON (c.supplier_id, c.department_id, c.target_group_id)
    d.id, c.id, c.supplier_id, c.department_id, c.target_group_id, c.socialtilsyn_id,
    d.level,
    CASE WHEN d.remedy_until IS NOT NULL AND prev.level > d.level THEN prev.level END,
    d.valid_from, d.valid_until, d.remedy_until, d.decided_at,
    tg.age_band, s.municipality_code, s.ownership,
    COALESCE(dep.is_matrikelloes, s.kind = 'matrikelloest'),
    s.name, s.cvr, {_ADDRESS.format(t="s")}, COALESCE(dep.name, ''), COALESCE({_ADDRESS.format(t="dep")}, '')
FROM assessments_decision d
JOIN assessments_case c ON c.id = d.case_id
JOIN suppliers_supplier s ON s.id = c.supplier_id
LEFT JOIN suppliers_department dep ON dep.id = c.department_id
JOIN targetgroups_targetgroup tg ON tg.id = c.target_group_id
LEFT JOIN LATERAL (
    SELECT pd.level FROM assessments_decision pd
    WHERE pd.case_id = c.previous_case_id ORDER BY pd.version DESC LIMIT 1
) prev ON TRUE
WHERE c.state IN ('afgjort', 'klage')
  AND NOT EXISTS (SELECT 1 FROM assessments_decision n WHERE n.case_id = d.case_id AND n.version > d.version)
ORDER BY c.supplier_id, c.department_id, c.target_group_id, d.decided_at DESC, d.id DESC
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_decision_valid_until"),
        ("suppliers", "0003_supplier_import"),
        ("targetgroups", "0004_form_template_immutability"),
    ]

    operations = [
        django.contrib.postgres.operations.TrigramExtension(),
        migrations.CreateModel(
            name="CurrentPlacement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("level", models.PositiveSmallIntegerField(choices=[(1, "Let"), (2, "Moderat"), (3, "Højt")])),
                (
                    "remedy_level",
                    models.PositiveSmallIntegerField(
                        blank=True, choices=[(1, "Let"), (2, "Moderat"), (3, "Højt")], null=True
                    ),
                ),
                ("valid_from", models.DateField()),
                ("valid_until", models.DateField()),
                ("remedy_until", models.DateField(blank=True, null=True)),
                ("decided_at", models.DateTimeField()),
                ("age_band", models.CharField(max_length=10)),
                ("municipality_code", models.CharField(blank=True, max_length=3)),
                ("ownership", models.CharField(max_length=20)),
                ("matrikelloes", models.BooleanField()),
                ("supplier_name", models.CharField(max_length=200)),
                ("cvr", models.CharField(max_length=8)),
                ("supplier_address", models.CharField(blank=True, max_length=310)),
                ("department_name", models.CharField(blank=True, max_length=200)),
                ("department_address", models.CharField(blank=True, max_length=310)),
                (
                    "names",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.db.models.functions.text.Replace(
                            django.db.models.functions.text.Replace(
                                django.db.models.functions.text.Replace(
                                    django.db.models.functions.text.Lower(
                                        django.db.models.functions.text.Concat(
                                            models.F("supplier_name"), models.Value(" "), models.F("department_name")
                                        )
                                    ),
                                    models.Value("æ"),
                                    models.Value("ae"),
                                ),
                                models.Value("ø"),
                                models.Value("oe"),
                            ),
                            models.Value("å"),
                            models.Value("aa"),
                        ),
                        output_field=models.TextField(),
                    ),
                ),
                (
                    "search_vector",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "supplier_name", "department_name", config="danish", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "supplier_address", "department_address", config="danish", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("danish"),
                        ),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="assessments.case"
                    ),
                ),
                (
                    "decision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="placement", to="assessments.decision"
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="placements",
                        to="suppliers.department",
                    ),
                ),
                (
                    "socialtilsyn",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="suppliers.socialtilsyn"
                    ),
                ),
                (
                    "supplier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="placements", to="suppliers.supplier"
                    ),
                ),
                (
                    "target_group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="targetgroups.targetgroup"
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["supplier_name", "department_name", "id"], name="placement_order"),
                    models.Index(fields=["cvr"], name="placement_cvr"),
                    models.Index(fields=["age_band"], name="placement_age_band"),
                    models.Index(fields=["level"], name="placement_level"),
                    models.Index(fields=["municipality_code"], name="placement_municipality"),
                    models.Index(fields=["ownership"], name="placement_ownership"),
                    models.Index(fields=["matrikelloes"], name="placement_matrikelloes"),
                    models.Index(fields=["valid_until", "valid_from"], name="placement_in_force"),
                    django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="placement_search"),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["names"], name="placement_names_trgm", opclasses=["gin_trgm_ops"]
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("supplier", "department", "target_group"),
                        name="placement_one_per_subject",
                        nulls_distinct=False,
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("valid_until__gt", models.F("valid_from"))), name="placement_valid_period"
                    ),
                ],
            },
        ),
        migrations.RunSQL(TRIGGERS, reverse_sql=DROP_TRIGGERS),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
