"""gunicorn's settings for `make serve` and the Procfile (docs/production.md: why gthread, how many)."""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
# Processes: WEB_CONCURRENCY (the PaaS convention), about one per core; threads overlap the database's waits.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A request's SQL stops after 10 s (statement_timeout): 30 s is a stuck worker, restarted.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 25
keepalive = 5
# A slow leak never grows for ever: each process is replaced after about 2 000 requests.
max_requests = 2000
max_requests_jitter = 200
# One JSON line per request comes from the application (tdu.www.requestlog): no access log here.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
