"""Emails of the account operations: links built on PUBLIC_URL, sent once the change is stored.

Sending waits for the surrounding transaction to commit (a refused or rolled-back request
mails nothing, and no database lock is held during an SMTP exchange). A delivery failure is
logged and never changes the answer, so no response tells whether a message went out.
"""

import logging
from urllib.parse import quote

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

log = logging.getLogger(__name__)
SIGNATURE = "\n\n-- \nopenhexo\n"


def link(path: str, *parts: str) -> str:
    """An absolute link for an email: PUBLIC_URL, the path, then each part quoted."""
    tail = "".join(f"{quote(part, safe='')}/" for part in parts)
    return f"{settings.PUBLIC_URL}{path}{tail}"


def deliver(subject: str, body: str, recipient: str) -> None:
    try:
        send_mail(subject, body + SIGNATURE, None, [recipient])
    except Exception:  # noqa: BLE001 - a mail server failure must not change the answer
        log.exception("Could not send %r to %s", subject, recipient)


def send_after_commit(subject: str, body: str, recipient: str) -> None:
    """Send `body` to `recipient` once the current transaction (if any) commits."""
    transaction.on_commit(lambda: deliver(subject, body, recipient))
