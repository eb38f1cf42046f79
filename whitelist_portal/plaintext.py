"""Text as people typed it, made safe to store and to write into XML, spreadsheets and CSV files.

Every app may use this module; it imports nothing of the portal's.
"""

import re

# Characters XML 1.0 cannot hold (so neither can an .xlsx): C0 controls other than tab, LF and CR,
# lone surrogates and the two non-characters U+FFFE / U+FFFF. DEL and C1 controls are invisible noise too.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def strip_control_chars(text: str) -> str:
    """``text`` without the characters no XML document or spreadsheet can hold; tabs and line breaks stay."""
    return _UNSAFE.sub("", text) if text else text


def has_control_chars(text: str) -> bool:
    return bool(text) and _UNSAFE.search(text) is not None


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A value for a CSV file: text that a spreadsheet would run as a formula gets the OWASP quote prefix."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    value = strip_control_chars(value)
    return "'" + value if looks_like_formula(value) else value
