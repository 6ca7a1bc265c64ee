"""The Celery application. Tasks live in each app's tasks.py and are discovered automatically."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def warm_pdf_kit(**_kwargs: object) -> None:
    """Build each worker process's WeasyPrint kit (fonts, parsed stylesheets) before its first render.

    Imported here, not at the top: this module is loaded before Django's apps are ready."""
    from reports.pdf import render_kit

    render_kit()
