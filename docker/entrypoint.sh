#!/bin/sh
# Container start: migrate, collect static files (served by WhiteNoise), then gunicorn
# (its access log masks calendar and password-reset tokens: config/logging.py).
set -e
python manage.py migrate --no-input
python manage.py collectstatic --no-input -v 0
# --timeout: a worker silent this long is killed and its request answers 502. Gunicorn's
# default of 30 s is set here on purpose, and raised to 60 s: the longest thing a click starts
# is a PDF of badges, and the demo forum's ~300 (A4 label sheets) take a few seconds; 1,000
# take about 10 s on two cores (docs/benchmarks.md). The margin is for a busy machine; work
# that may take longer belongs in a background job, not in a longer timeout.
exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers "${WEB_CONCURRENCY:-3}" \
    --timeout "${GUNICORN_TIMEOUT:-60}" --access-logfile - \
    --logger-class config.logging.GunicornLogger "$@"
