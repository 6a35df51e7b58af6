"""Login throttling with django-axes.

Axes' backend refuses to work without a request. Every sign-in over HTTP passes one (Django's
login forms do); calls without a request (the test client's `login()`, scripts) have no
client to throttle, so this backend steps aside and lets the next backend decide.
"""

from axes.backends import AxesStandaloneBackend


class AxesRequestBackend(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
