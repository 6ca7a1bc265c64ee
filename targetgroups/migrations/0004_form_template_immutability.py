"""Published form templates and their questions are frozen like the other versioned content."""

from django.db import migrations

from targetgroups import dbguards

VERSION_TABLES = ["targetgroups_formtemplate"]
CHILD_TABLES = {
    "targetgroups_formquestion": "SELECT t.status FROM targetgroups_formtemplate t WHERE t.id = r.template_id",
    "targetgroups_formquestion_criteria": (
        "SELECT t.status FROM targetgroups_formtemplate t "
        "JOIN targetgroups_formquestion q ON q.template_id = t.id WHERE q.id = r.formquestion_id"
    ),
}


class Migration(migrations.Migration):
    dependencies = [("targetgroups", "0003_formtemplate_formquestion_and_more")]

    operations = [
        migrations.RunSQL(
            dbguards.forward_sql(VERSION_TABLES, CHILD_TABLES),
            dbguards.reverse_sql(VERSION_TABLES, CHILD_TABLES, drop_shared=False),
        )
    ]
