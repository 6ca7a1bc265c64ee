"""Local development: DEBUG on, console email."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
CRISPY_FAIL_SILENTLY = False
