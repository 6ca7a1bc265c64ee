"""Local development: DEBUG on, console email."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env, env_bool

DEBUG = env_bool("DEBUG", True)
CRISPY_FAIL_SILENTLY = False

# Emails are written as files (one per message) instead of flooding the worker's console.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
