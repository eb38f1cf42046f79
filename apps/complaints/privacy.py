"""Masking a reporter's name and contact for everyone who is not complaint staff (SPEC §7)."""

import hashlib
import re

_DIGITS = re.compile(r"\d")


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; empty stays empty."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_contact(contact: str) -> str:
    """13812345678 → 138****5678, an e-mail keeps its first letter and domain, anything else its ends."""
    contact = (contact or "").strip()
    if not contact:
        return ""
    if "@" in contact:
        local, _, domain = contact.partition("@")
        return (local[:1] or "*") + "***@" + domain
    if len(contact) >= 7:
        return contact[:3] + "****" + contact[-4:] if len(contact) >= 11 else contact[:2] + "****" + contact[-2:]
    return "****"


def contact_digest(contact: str) -> str:
    """A stable key for "the same contact" (digits of a phone, a lower-case e-mail) that reveals nothing."""
    contact = (contact or "").strip().lower()
    if not contact:
        return ""
    key = contact if "@" in contact else "".join(_DIGITS.findall(contact)) or contact
    return hashlib.sha256(("contact:" + key).encode()).hexdigest()


class Reporter:
    """What a page, the API or an export may show of a reporter: the data itself, or its mask."""

    def __init__(self, complaint, *, reveal: bool):
        self.revealed = reveal
        self.anonymous = complaint.is_anonymous
        if reveal:
            self.name, self.contact = complaint.reporter_name, complaint.reporter_contact
        else:
            self.name, self.contact = mask_name(complaint.reporter_name), mask_contact(complaint.reporter_contact)
