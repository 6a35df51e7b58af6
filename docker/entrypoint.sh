#!/bin/sh
# Container start: migrate, collect static files (served by WhiteNoise), then gunicorn
# (its access log masks calendar and password-reset tokens: config/logging.py).
set -e
python manage.py migrate --no-input
python manage.py collectstatic --no-input -v 0
exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers "${WEB_CONCURRENCY:-3}" --access-logfile - \
    --logger-class config.logging.GunicornLogger "$@"
