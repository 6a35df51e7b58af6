"""Responses with personal data are never kept by browsers or proxies."""


def no_store(response):
    response["Cache-Control"] = "no-store, private"
    return response
