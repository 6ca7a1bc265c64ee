"""Benchmark profile (`make bench`): the production profile, served over plain HTTP on loopback.

Everything that costs time in production stays as it is: DEBUG off, cached templates, sessions in the
database, the cache in Redis, CSP and the security middleware. Only what needs TLS or a build step is
relaxed: no HTTPS redirect or secure-only cookies (the bench client speaks HTTP to 127.0.0.1), static files
from the source folders (no collectstatic), e-mails kept in memory (the sweeps run in a rolled-back
transaction, nothing is sent). The URLconf adds the framework floor: a trivial view served the same way.
"""

import os
import warnings

# production.py refuses a short key; the bench server is only ever bound to loopback.
os.environ.setdefault("SECRET_KEY", "bench-only-key-never-used-in-production-0123456789abcdefghijklmnop")

from .production import *  # noqa: F403
from .production import STORAGES

ROOT_URLCONF = "config.urls_bench"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# whitenoise warns once per worker that STATIC_ROOT (collectstatic's output) is absent; the bench needs none.
warnings.filterwarnings("ignore", message="No directory at")

# The bench sends hundreds of API requests a minute as one user: the API's rate limits would answer 429.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "write": "100000/min"},
}
