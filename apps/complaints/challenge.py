"""A locally rendered arithmetic question against bots: no service from the internet is asked.

The answer travels signed in a hidden field; a solved token is remembered in the cache so it works once.
"""

import secrets

from django.core import signing
from django.core.cache import cache

SALT = "complaints.challenge"
MAX_AGE = 60 * 60


def new_challenge() -> tuple[str, str]:
    """(question, token): e.g. ("7 + 5 = ?", signed token)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(8)
    return f"{a} + {b} = ?", signing.dumps({"s": a + b, "n": nonce}, salt=SALT)


def verify(token: str, answer: str) -> bool:
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if str(answer or "").strip() != str(data.get("s")):
        return False
    return cache.add(f"complaints:challenge:{data.get('n')}", 1, timeout=MAX_AGE)  # used once
