"""Settings for the benchmark server: the portal's own, plus a trivial view to compare against."""

import os

from whitelist_portal.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
WHITELIST_CACHE_SECONDS = int(os.environ.get("BENCH_CACHE_SECONDS", "600"))
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
