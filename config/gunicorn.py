"""gunicorn settings for the web processes: `gunicorn -c config/gunicorn.py config.wsgi`.

Why threads: with the default sync workers a request must finish within `timeout` (30 s) or the
worker is killed, so a 300 MB report over a slow line failed with WORKER TIMEOUT. A gthread worker's
main thread keeps reporting to the arbiter while its threads read request bodies, so `timeout` only
catches a worker that hangs as a whole, and an upload may take as long as the line needs. Uploads
land in a temporary file (Django spools file parts over FILE_UPLOAD_MAX_MEMORY_SIZE), so a slow
upload holds one thread and some disk, not memory. In front of it, a buffering proxy (docs/operations.md)
spares even that thread. Every value can be set through the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a hung worker, not a slow request
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "60"))
# A worker takes a connection only when a thread is free to serve it: the others wait in the
# kernel's queue in arrival order and go to whichever worker frees a thread first. With the default
# (1,000) each worker took all it could and queued them itself, so one worker could hold twice the
# queue of another and a request waited on the busiest: p95 under load was twice what it is now
# (bench/load.py, docs/operations.md). gthread keeps connections alive only in the slots above the
# threads, so by default none are: each response closes its connection (in production a proxy in
# front keeps the browsers' connections; nginx opens one per request to its upstream anyway).
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", str(threads)))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "2" if worker_connections > threads else "0"))
# Restart workers now and then so that a slow leak never grows into an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Logs go to stdout/stderr like the application's (docs/operations.md, "Logs").
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "true") == "true" else None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's runtime control socket defaults to one path under $HOME shared by every gunicorn on
# the machine (two web processes side by side would fight over it); nothing here uses it.
control_socket_disable = True
