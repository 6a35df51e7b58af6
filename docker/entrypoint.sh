#!/bin/sh
# Container start: migrate, collect static files (served by WhiteNoise), then gunicorn
# (its access log masks calendar and password-reset tokens: config/logging.py).
set -e
python manage.py migrate --no-input
python manage.py collectstatic --no-input -v 0
# --timeout: a worker silent this long is killed and its request answers 502. Set here on
# purpose at 60 s: what a click runs in the request is small by construction (up to
# BADGES_IN_REQUEST badges, short PDF and XLSX lists, streamed CSV); more badges, long lists
# and large imports run in the task worker as jobs (README "Worker timeout"). Work that may
# take longer belongs in a job, not in a longer timeout.
exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers "${WEB_CONCURRENCY:-3}" \
    --timeout "${GUNICORN_TIMEOUT:-60}" --access-logfile - \
    --logger-class config.logging.GunicornLogger "$@"
