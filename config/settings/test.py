"""Test profile: real PostgreSQL and Redis, but a separate Redis database and fast hashing."""

import os
import tempfile
import uuid
from pathlib import Path

from .base import *  # noqa: F403
from .base import env, redis_cache

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Database 15 keeps test tasks away from a development worker listening on database 0.
REDIS_URL = env("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# Each test process (each xdist worker of each session) stores files in a folder of its own, so parallel
# workers never see each other's uploads and reports. The folder is made by the first file stored in it;
# tests/conftest.py hands it to the Celery worker it starts (TEST_MEDIA_ROOT) and removes it at the end.
_PROCESS = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:12]}"
MEDIA_ROOT = Path(env("TEST_MEDIA_ROOT") or Path(tempfile.gettempdir()) / f"test-media-{_PROCESS}")
CRISPY_FAIL_SILENTLY = False
AXES_FAILURE_LIMIT = 5
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploads and reports: no base_url, so nothing can link to them except the permission-checked views.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "private", "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Several suites share this Redis database: each run counts its rate limits under keys of its own.
CACHES = {"default": redis_cache(REDIS_URL, f"test-{uuid.uuid4().hex[:12]}")}

# Lets several suites run side by side on one server (e.g. TEST_DATABASE_NAME=test_other).
if env("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}  # noqa: F405
