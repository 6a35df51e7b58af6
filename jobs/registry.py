"""Job kinds and their functions (see the package docstring)."""

_functions = {}
_titles = {}


class JobError(Exception):
    """A job failed for a reason its user should read (the message is shown as it is)."""


def register(kind, title=None):
    """Decorator: the function runs jobs of `kind`, as fn(job, params, progress) returning
    (filename, content type, bytes or a path to a file). `title` (lazily translated) heads
    the job's page: what the user is making."""

    def decorator(function):
        _functions[kind] = function
        if title is not None:
            _titles[kind] = title
        return function

    return decorator


def get(kind):
    return _functions.get(kind)


def title(kind):
    return _titles.get(kind, "")
