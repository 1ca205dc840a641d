"""Checks and normalisations shared by forms, mutations and imports. Messages are Chinese."""

import re

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0\d{2,3})-?(\d{7,8})$")


def normalize_phone(value: str) -> str | None:
    """A mainland mobile (digits only) or landline (``0774-5123911``); None when invalid."""
    raw = value.strip().replace(" ", "").replace("\u3000", "")
    if raw.startswith("+86"):
        raw = raw[3:]
    digits = raw.replace("-", "")
    if MOBILE.match(digits):
        return digits
    match = LANDLINE.match(raw)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    return None


def mask_phone(phone: str | None) -> str | None:
    """138****5678; a landline keeps its area code and last four digits."""
    if not phone:
        return phone
    if "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * max(len(number) - 4, 0)}{number[-4:]}"
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def clean_text(value: str | None) -> str | None:
    """Strip (incl. full-width spaces); empty becomes None."""
    if value is None:
        return None
    stripped = value.strip().strip("\u3000").strip()
    return stripped or None


def small_int(text: str | None, max_digits: int = 9) -> int | None:
    """A non-negative whole number typed in ASCII digits, short enough to be one of ours;
    None otherwise. (``"²".isdigit()`` is true and ``int("²")`` raises; ``int`` refuses more
    than 4,300 digits: neither may reach a request as a 500.)"""
    if text is None or not (text.isascii() and text.isdigit()) or len(text) > max_digits:
        return None
    return int(text)
