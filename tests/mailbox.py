"""Emails of the account operations, as tests read them.

The emails leave once the request's transaction commits; tests run inside a transaction that
never commits, so `committing()` runs the on-commit callbacks at the end of its block, as a
real commit would (callbacks of rolled-back work are dropped, as they would be).
"""

import re

from django.core import mail
from django.test import TestCase

LINK = re.compile(r"https?://\S+")


def committing():
    """A block whose on-commit callbacks (the emails) run when it ends."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def links(message) -> list[str]:
    return LINK.findall(message.body)


def only_message(to: str):
    """The one email sent so far, checked to be addressed to `to`."""
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [to]
    return message


def only_link(to: str, path: str) -> str:
    """The one link, under `path` (after PUBLIC_URL), of the one email sent to `to`."""
    found = [url for url in links(only_message(to)) if path in url]
    assert len(found) == 1, found
    return found[0]


def token_of(url: str) -> str:
    """The last path segment of a link: the token it carries."""
    return url.rstrip("/").rsplit("/", 1)[1]
