# Delegation Desk: gunicorn behind whatever TLS proxy you run; PostgreSQL via DATABASE_URL.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint (PDF itineraries, badges) needs Pango; Chinese glyphs need a CJK font; long PDFs
# are made in parts and joined by pdfunite (poppler-utils; exporting/pdf_join.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
        poppler-utils \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY config ./config
COPY accounts ./accounts
COPY pagecache ./pagecache
COPY exporting ./exporting
COPY delegations ./delegations
COPY forum ./forum
COPY jobs ./jobs
COPY outbox ./outbox
RUN pip install .
COPY . .
RUN python bin/compile-messages && useradd --system --home /app desk && mkdir -p /app/var /app/staticfiles \
    && chown -R desk /app/var /app/staticfiles
USER desk
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
