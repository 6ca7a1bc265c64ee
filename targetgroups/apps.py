from django.apps import AppConfig


class TargetgroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "targetgroups"
