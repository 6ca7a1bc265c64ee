"""The public statements (tilgængelighedserklæring, privatlivspolitik) and their first versions.

Version 1 of each is seeded here from core/statement_defaults.py, only when no version of that kind exists.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core import statement_defaults

DEFAULTS = {
    "tilgaengelighed": (statement_defaults.ACCESSIBILITY_TITLE, statement_defaults.ACCESSIBILITY_BODY),
    "privatliv": (statement_defaults.PRIVACY_TITLE, statement_defaults.PRIVACY_BODY),
}


def seed(apps, schema_editor):
    StatementVersion = apps.get_model("core", "StatementVersion")
    for kind, (title, body) in DEFAULTS.items():
        if not StatementVersion.objects.filter(kind=kind).exists():
            StatementVersion.objects.create(
                kind=kind, version=1, title=title, body=body, change_note="Første version (standardtekst)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_export_schedule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StatementVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("tilgaengelighed", "Tilgængelighedserklæring"), ("privatliv", "Privatlivspolitik")],
                        max_length=20,
                        verbose_name="erklæring",
                    ),
                ),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                ("title", models.CharField(max_length=200, verbose_name="titel")),
                ("body", models.TextField(verbose_name="tekst")),
                ("change_note", models.CharField(blank=True, max_length=300, verbose_name="ændringsnote")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="offentliggjort")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["kind", "-version"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "version"), name="core_statement_kind_version_unique")
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
