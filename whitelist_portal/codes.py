"""Follow-up codes the public keeps (a complaint's receipt, an objection's code): random, 12 characters from an
alphabet without look-alikes (31¹² ≈ 7.9 × 10¹⁷); only a digest is ever stored."""

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str:
    """What a person typed, as a code: upper case, without spaces and dashes."""
    return (text or "").upper().replace("-", "").replace(" ", "").replace("—", "")


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def digest(code: str, *, purpose: str) -> str:
    return hashlib.sha256(f"{purpose}:{code}".encode()).hexdigest()


def display(code: str) -> str:
    """ABCD-EFGH-JKMN: easier to read out on the phone."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))
