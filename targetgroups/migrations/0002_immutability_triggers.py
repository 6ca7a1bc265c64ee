"""Database backstop for the rule that published versions never change.

The models refuse such writes with a friendly error; these triggers also stop writes that bypass the
models (QuerySet.update, bulk operations, raw SQL). A published version may only become retired.
"""

from django.db import migrations

from targetgroups import dbguards

VERSION_TABLES = ["targetgroups_targetgroupdescription", "targetgroups_assessmentguide", "targetgroups_placementrule"]

# child table -> SQL that finds the status of the version the row belongs to (row alias: r)
CHILD_TABLES = {
    "targetgroups_descriptioncell": (
        "SELECT d.status FROM targetgroups_targetgroupdescription d WHERE d.id = r.description_id"
    ),
    "targetgroups_guideparameter": "SELECT g.status FROM targetgroups_assessmentguide g WHERE g.id = r.guide_id",
    "targetgroups_guidecriterion": (
        "SELECT g.status FROM targetgroups_assessmentguide g "
        "JOIN targetgroups_guideparameter p ON p.guide_id = g.id WHERE p.id = r.guide_parameter_id"
    ),
    "targetgroups_guidecriterion_cells": (
        "SELECT g.status FROM targetgroups_assessmentguide g "
        "JOIN targetgroups_guideparameter p ON p.guide_id = g.id "
        "JOIN targetgroups_guidecriterion c ON c.guide_parameter_id = p.id WHERE c.id = r.guidecriterion_id"
    ),
    "targetgroups_criterionthreshold": (
        "SELECT g.status FROM targetgroups_assessmentguide g "
        "JOIN targetgroups_guideparameter p ON p.guide_id = g.id "
        "JOIN targetgroups_guidecriterion c ON c.guide_parameter_id = p.id WHERE c.id = r.criterion_id"
    ),
}

class Migration(migrations.Migration):
    dependencies = [("targetgroups", "0001_initial")]

    operations = [
        migrations.RunSQL(
            dbguards.forward_sql(VERSION_TABLES, CHILD_TABLES), dbguards.reverse_sql(VERSION_TABLES, CHILD_TABLES)
        )
    ]
