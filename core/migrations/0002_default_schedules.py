"""Install the default periodic tasks once. From then on they are edited in the admin (django-celery-beat);
this migration never overwrites an edited schedule (get_or_create by name)."""

from django.db import migrations

TIMEZONE = "Europe/Copenhagen"

# name -> (task, crontab fields or interval seconds, description)
SCHEDULES: dict[str, tuple[str, dict[str, str] | int, str]] = {
    "Heartbeat fra worker": ("core.tasks.record_heartbeat", {"minute": "*/5"}, "Viser at beat og worker kører."),
    "Send ventende beskeder": ("notifications.tasks.send_pending_notifications", 60, "Outbox for e-mails."),
    "Frister for oplysningsskemaer": (
        "assessments.tasks.sweep_form_deadlines", {"hour": "6", "minute": "0"}, "Påmindelser 7 og 1 dag før fristen."
    ),
    "Genvurderinger": (
        "assessments.tasks.sweep_reassessments", {"hour": "6", "minute": "15"},
        "Påmindelser før en afgørelse udløber, eskalering og udløb af frist for at rette op.",
    ),
    "Afgørelsesrapporter": (
        "assessments.tasks.requeue_decision_reports", {"minute": "*/5"}, "Danner rapporter, der venter eller fejlede.",
    ),
}


def install(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    for name, (task, schedule, description) in SCHEDULES.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        if isinstance(schedule, int):
            interval, _ = IntervalSchedule.objects.get_or_create(every=schedule, period="seconds")
            PeriodicTask.objects.create(name=name, task=task, interval=interval, description=description)
        else:
            fields = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}
            crontab, _ = CrontabSchedule.objects.get_or_create(**{**fields, **schedule}, timezone=TIMEZONE)
            PeriodicTask.objects.create(name=name, task=task, crontab=crontab, description=description)


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, remove)]
