"""Django settings for the benchmarks: openhexo's own, plus the naive one-row-per-sample app.

Answers are not cached here (in-process timings measure the work, not a cache hit), the test
Client's host is allowed, and the per-user rate limits are out of the way of repeated requests.
The HTTP run of `bench/store.py` serves with openhexo's unchanged settings instead.
"""

from openhexo.settings import *  # noqa: F403
from openhexo.settings import ALLOWED_HOSTS, CACHES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.naive"]
CACHES = {**CACHES, "data": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
RATE_LIMIT_USER = RATE_LIMIT_CLIENT = "100000000/m"
