"""Job kinds and their functions (see the package docstring)."""

_functions = {}


class JobError(Exception):
    """A job failed for a reason its user should read (the message is shown as it is)."""


def register(kind):
    """Decorator: the function runs jobs of `kind`, as fn(job, params, progress) returning
    (filename, content type, bytes or a path to a file)."""

    def decorator(function):
        _functions[kind] = function
        return function

    return decorator


def get(kind):
    return _functions.get(kind)
