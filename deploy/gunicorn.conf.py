"""gunicorn settings for the web container; every value can be overridden by environment variables."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
# The same proxies the portal believes (TRUSTED_PROXIES), plus the container itself for its health check.
_proxies = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
forwarded_allow_ips = ",".join(["127.0.0.1", "::1", *_proxies])
