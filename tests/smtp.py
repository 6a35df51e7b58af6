"""A real SMTP server on localhost (aiosmtpd) that keeps what arrives, for tests of mail."""

import email
import email.policy
import logging
import socket

import pytest
from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command


class Inbox:
    """What the server received, as parsed messages; stop() and start() take it down and up."""

    def __init__(self, port):
        self.port = port
        self.messages = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def parts(self, message):
        """{content type: text} of a received message."""
        return {
            part.get_content_type(): part.get_content()
            for part in message.walk()
            if not part.is_multipart()
        }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server on a free port, and the mailer pointed at it."""
    inbox = Inbox(free_port())
    inbox.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": inbox.port, "timeout": 5},
        }
    }
    yield inbox
    inbox.stop()
