# syntax=docker/dockerfile:1
# PartnerDirect portal image: one image for web (gunicorn), worker and beat (celery).
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext provides msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

# Unprivileged runtime user (numeric ids so orchestrators can verify runAsNonRoot).
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies first, in their own layer: the runtime lock file (exact versions with hashes,
# generated from pyproject.toml by `make lock`), without the test tools.
COPY requirements/runtime.txt /tmp/requirements.txt
RUN pip install --require-hashes -r /tmp/requirements.txt && rm /tmp/requirements.txt

COPY . .

# Build-time settings only (inline, not ENV, so they never reach the running container).
# .mo files are excluded from the context (.dockerignore), so catalogues are always compiled
# fresh from the .po sources; compilemessages/collectstatic errors fail the build.
RUN mkdir -p var/media /var/lib/portal/beat \
    && DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
       python manage.py compilemessages \
    && DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --noinput \
    && chown -R portal:portal var/media /var/lib/portal

USER 10001:10001

EXPOSE 8000

# The web process; workers, beat and the release step override the command (docker-compose.yml).
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
