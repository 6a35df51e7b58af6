"""PostgreSQL database engine: Django's, with a health check that costs no round trip."""
