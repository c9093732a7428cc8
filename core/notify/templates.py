"""Core's email templates (Indonesian and English, plain text and HTML) and how one is rendered.

A plugin supplies its own through the ``email_template`` hook; the first answer wins over core's.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from string import Template

from loket.core.plugin_types import DeskSpec, EmailTemplate

_HTML = ("<!doctype html><html><body style=\"font-family:sans-serif\">{body}"
         "<p style=\"color:#666;font-size:small\">$desk_name</p></body></html>")


def _t(subject: str, text: str, body_html: str) -> EmailTemplate:
    return EmailTemplate(subject=subject, text=text, html=_HTML.format(body=body_html))


CORE_TEMPLATES: dict[tuple[str, str], EmailTemplate] = {
    ("confirm_email", "id"): _t(
        "Konfirmasi alamat email Anda",
        "Halo $recipient_name,\n\nTerima kasih telah mendaftar. Buka tautan berikut untuk mengonfirmasi alamat "
        "email Anda (berlaku $hours jam, sekali pakai):\n\n$link\n\nAbaikan email ini jika Anda tidak mendaftar.\n",
        "<p>Halo $recipient_name,</p><p>Terima kasih telah mendaftar. Buka tautan berikut untuk mengonfirmasi "
        "alamat email Anda (berlaku $hours jam, sekali pakai):</p><p><a href=\"$link\">Konfirmasi email</a></p>"
        "<p>Abaikan email ini jika Anda tidak mendaftar.</p>"),
    ("confirm_email", "en"): _t(
        "Confirm your email address",
        "Hello $recipient_name,\n\nThank you for signing up. Open this link to confirm your email address "
        "(valid for $hours hours, once):\n\n$link\n\nIgnore this email if you did not sign up.\n",
        "<p>Hello $recipient_name,</p><p>Thank you for signing up. Open this link to confirm your email address "
        "(valid for $hours hours, once):</p><p><a href=\"$link\">Confirm email</a></p>"
        "<p>Ignore this email if you did not sign up.</p>"),
    ("reset_password", "id"): _t(
        "Atur ulang kata sandi",
        "Halo $recipient_name,\n\nBuka tautan berikut untuk membuat kata sandi baru (berlaku $hours jam, "
        "sekali pakai):\n\n$link\n\nAbaikan email ini jika Anda tidak memintanya.\n",
        "<p>Halo $recipient_name,</p><p>Buka tautan berikut untuk membuat kata sandi baru (berlaku $hours jam, "
        "sekali pakai):</p><p><a href=\"$link\">Atur ulang kata sandi</a></p>"
        "<p>Abaikan email ini jika Anda tidak memintanya.</p>"),
    ("reset_password", "en"): _t(
        "Reset your password",
        "Hello $recipient_name,\n\nOpen this link to choose a new password (valid for $hours hours, once):"
        "\n\n$link\n\nIgnore this email if you did not ask for it.\n",
        "<p>Hello $recipient_name,</p><p>Open this link to choose a new password (valid for $hours hours, "
        "once):</p><p><a href=\"$link\">Reset password</a></p><p>Ignore this email if you did not ask for it.</p>"),
    ("account_exists", "id"): _t(
        "Ada yang mencoba mendaftar dengan alamat email Anda",
        "Halo $recipient_name,\n\nSeseorang mencoba mendaftarkan akun baru dengan alamat $email, padahal "
        "alamat ini sudah memiliki akun. Tidak ada yang diubah.\n\nJika itu Anda: silakan masuk di $link, atau "
        "pilih \"Lupa kata sandi\" di sana untuk mengatur ulang kata sandi.\nJika bukan Anda: abaikan email "
        "ini; akun Anda tetap aman.\n",
        "<p>Halo $recipient_name,</p><p>Seseorang mencoba mendaftarkan akun baru dengan alamat $email, padahal "
        "alamat ini sudah memiliki akun. Tidak ada yang diubah.</p><p>Jika itu Anda: silakan <a href=\"$link\">"
        "masuk</a>, atau pilih &ldquo;Lupa kata sandi&rdquo; di sana untuk mengatur ulang kata sandi.</p>"
        "<p>Jika bukan Anda: abaikan email ini; akun Anda tetap aman.</p>"),
    ("account_exists", "en"): _t(
        "Someone tried to register with your email address",
        "Hello $recipient_name,\n\nSomeone tried to register a new account with $email, which already has an "
        "account. Nothing was changed.\n\nIf it was you: sign in at $link, or choose \"Forgot password\" there "
        "to reset your password.\nIf it was not you: ignore this email; your account is safe.\n",
        "<p>Hello $recipient_name,</p><p>Someone tried to register a new account with $email, which already has an "
        "account. Nothing was changed.</p><p>If it was you: <a href=\"$link\">sign in</a>, or choose "
        "&ldquo;Forgot password&rdquo; there to reset your password.</p>"
        "<p>If it was not you: ignore this email; your account is safe.</p>"),
}

_TICKET = {
    "id": ("Halo $recipient_name,\n\n$agent_name {what} tiket $display_number \"$ticket_title\":\n\n$message\n\n"
           "Ikuti perkembangan tiket Anda di:\n$link\n",
           "<p>Halo $recipient_name,</p><p>$agent_name {what} tiket <b>$display_number</b> "
           "&ldquo;$ticket_title&rdquo;:</p><blockquote style=\"white-space:pre-wrap\">$message</blockquote>"
           "<p><a href=\"$link\">Lihat perkembangan tiket</a></p>"),
    "en": ("Hello $recipient_name,\n\n$agent_name {what} ticket $display_number \"$ticket_title\":\n\n$message\n\n"
           "Follow your ticket's progress at:\n$link\n",
           "<p>Hello $recipient_name,</p><p>$agent_name {what} ticket <b>$display_number</b> "
           "&ldquo;$ticket_title&rdquo;:</p><blockquote style=\"white-space:pre-wrap\">$message</blockquote>"
           "<p><a href=\"$link\">See the ticket's progress</a></p>"),
}
for _kind, _subjects, _whats in (
    ("ticket_reply", {"id": "Balasan untuk tiket $display_number", "en": "Reply to ticket $display_number"},
     {"id": "membalas", "en": "replied to"}),
    ("ticket_feedback_requested", {"id": "Tiket $display_number menunggu jawaban Anda",
                                   "en": "Ticket $display_number awaits your answer"},
     {"id": "meminta informasi tambahan untuk", "en": "asks for more information on"}),
    ("ticket_resolved", {"id": "Tiket $display_number telah diselesaikan", "en": "Ticket $display_number is resolved"},
     {"id": "menyelesaikan", "en": "resolved"}),
):
    for _language, (_text, _html) in _TICKET.items():
        CORE_TEMPLATES[(_kind, _language)] = _t(_subjects[_language], _text.replace("{what}", _whats[_language]),
                                                _html.replace("{what}", _whats[_language]))


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def find_template(pm, desk: DeskSpec | None, kind: str, language: str) -> EmailTemplate:
    """The plugin's template for this desk, kind and language, else core's (in English when core lacks the
    language)."""
    answer = pm.hook.email_template(desk=desk, kind=kind, language=language)
    if answer is not None:
        return answer
    return CORE_TEMPLATES.get((kind, language)) or CORE_TEMPLATES[(kind, "en")]


def render(template: EmailTemplate, values: dict[str, object]) -> RenderedEmail:
    """Fill a template: plain values in the subject and text, HTML-escaped values in the HTML."""
    plain = {key: str(value) for key, value in values.items()}
    escaped = {key: html.escape(value) for key, value in plain.items()}
    subject = " ".join(Template(template.subject).safe_substitute(plain).split())
    return RenderedEmail(subject=subject, text=Template(template.text).safe_substitute(plain),
                         html=Template(template.html).safe_substitute(escaped) if template.html else "")
