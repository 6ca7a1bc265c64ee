"""E-mail backends for tests: stand-ins for an SMTP server that refuses some messages."""

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

FAILING_ADDRESS = "afvist@example.dk"


class RefusesOneAddressBackend(LocmemBackend):
    """Like Django's locmem backend (sent messages land in `mail.outbox`), but a message to FAILING_ADDRESS
    raises as an SMTP server does when it refuses a recipient."""

    def send_messages(self, messages):
        for message in messages:
            if FAILING_ADDRESS in message.recipients():
                raise OSError(f"550 mailbox unavailable: {FAILING_ADDRESS}")
        return super().send_messages(messages)
