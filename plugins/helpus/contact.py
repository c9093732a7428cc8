"""The staff's contact link: a WhatsApp chat with the number the employee typed in the request."""

from __future__ import annotations

import re

from loket.core.plugin_types import TicketLink


def whatsapp_number(phone: str) -> str | None:
    """Digits in international form for wa.me: 0812... and +62 812... both become 62812...."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if len(digits) >= 9 else None


def whatsapp_link(phone: str) -> TicketLink | None:
    number = whatsapp_number(phone)
    if number is None:
        return None
    return TicketLink(label={"id": "Hubungi pengguna via WhatsApp", "en": "Contact the user on WhatsApp"},
                      url=f"https://wa.me/{number}")
