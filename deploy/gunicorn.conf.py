"""Gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py crm.wsgi`.

Every value can be overridden from the environment (GUNICORN_BIND,
GUNICORN_WORKERS, GUNICORN_TIMEOUT). The access log names the method, the path
without its query string (search terms and filters may be personal data), the
status, the size and the duration: no user name, no address, no referrer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so that no leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# %(U)s is the path without the query string; %(M)s the duration in milliseconds.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# Only the front proxy on this host may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
