#!/bin/sh
# Container start: migrate, collect static files (served by WhiteNoise), then gunicorn.
set -e
python manage.py migrate --no-input
python manage.py collectstatic --no-input -v 0
exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers "${WEB_CONCURRENCY:-3}" --access-logfile - "$@"
