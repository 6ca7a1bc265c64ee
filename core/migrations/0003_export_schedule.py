"""Install the periodic re-queue of exports (case file ZIPs, submission PDFs) once, like 0002: never overwrite
a schedule an administrator has edited (skipped when a task of that name exists)."""

from django.db import migrations

TIMEZONE = "Europe/Copenhagen"
NAME = "Eksporter (sagsakter og skema-PDF'er)"
TASK = "assessments.tasks.requeue_case_exports"


def install(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="*/5", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIMEZONE
    )
    PeriodicTask.objects.create(
        name=NAME, task=TASK, crontab=crontab, description="Danner eksporter, der venter eller fejlede."
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_default_schedules"),
    ]

    operations = [migrations.RunPython(install, remove)]
