# One open case per subject and one appeal per decision version, as database constraints.

from django.db import migrations, models
from django.db.models import Count, Q

OPEN_STATES = [
    "afstemning",
    "oplysninger_anmodet",
    "oplysninger_modtaget",
    "oprettet",
    "partshoering",
    "returneret",
    "supplering",
    "til_godkendelse",
    "vurdering",
]


def refuse_existing_duplicates(apps, schema_editor):
    """Stop with the case references to sort out by hand, rather than fail on a bare unique violation.

    Nothing is cancelled automatically: which of two open cases should go is a decision for the socialtilsyn.
    """
    Case = apps.get_model("assessments", "Case")
    Appeal = apps.get_model("assessments", "Appeal")
    problems = []
    subjects = (
        Case.objects.filter(state__in=OPEN_STATES)
        .values("supplier_id", "department_id", "target_group_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    for subject in subjects:
        references = Case.objects.filter(
            state__in=OPEN_STATES,
            supplier_id=subject["supplier_id"],
            department_id=subject["department_id"],
            target_group_id=subject["target_group_id"],
        ).values_list("reference", flat=True)
        problems.append("open cases on one subject: " + ", ".join(sorted(references)))
    for row in Appeal.objects.values("decision_id").annotate(n=Count("id")).filter(n__gt=1):
        problems.append(f"{row['n']} appeals of decision id {row['decision_id']}")
    if problems:
        raise RuntimeError(
            "Cannot add the one-open-case and one-appeal constraints; cancel or merge these first:\n  "
            + "\n  ".join(problems)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_decision_reports_change_notices"),
        ("suppliers", "0002_cvr_field"),
        ("targetgroups", "0004_form_template_immutability"),
    ]

    operations = [
        migrations.RunPython(refuse_existing_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="appeal",
            constraint=models.UniqueConstraint(fields=("decision",), name="appeal_one_per_decision"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=Q(("state__in", OPEN_STATES)),
                fields=("supplier", "department", "target_group"),
                name="case_one_open_per_subject",
                nulls_distinct=False,
            ),
        ),
    ]
