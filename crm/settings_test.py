"""Settings for the test suite: the production settings with fast, local parts."""

import os

# Tests never run with the production secret; DEBUG stays off so the suite
# sees the same behaviour as production.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment")
# A developer's .env (DEBUG=1, written by `make run`) must not leak into the tests.
os.environ.setdefault("DEBUG", "0")

from crm.settings import *  # noqa: F403
from crm.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# Tasks run in-process in tests; the services tests (make test-services) switch
# eager mode off for themselves and send their task through the real broker.
CELERY_TASK_ALWAYS_EAGER = True

# Pages computed afresh on every view: a test that counts a page's queries counts its
# work. (Inside a test's transaction the cache is off anyway: crm.page_cache.) The page
# cache's own tests (tests/crm/test_page_cache.py) turn it on.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))

# Webhook retries after 1, 2, 4 … seconds (the services test waits for one).
WEBHOOK_RETRY_SECONDS = 1
