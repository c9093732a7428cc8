"""Core's email templates (Indonesian and English, plain text and HTML) and how one is rendered.

A plugin supplies its own through the ``email_template`` hook; the first answer wins over core's.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from string import Template

from loket.core.plugin_types import DeskSpec, EmailTemplate
from loket.core.plugins import first_answer

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
    ("invitation", "id"): _t(
        "Tiket $ticket_number: buat kata sandi untuk mengikutinya",
        "Halo $recipient_name,\n\n$agent_name mencatat tiket $ticket_number \"$ticket_title\" atas nama Anda dan "
        "membuatkan akun untuk alamat email ini. Buka tautan berikut untuk membuat kata sandi (berlaku $hours jam, "
        "sekali pakai), lalu masuk untuk mengikuti dan menilai tiket Anda:\n\n$link\n\nJika tautan kedaluwarsa, "
        "pilih \"Lupa kata sandi\" di halaman masuk.\n",
        "<p>Halo $recipient_name,</p><p>$agent_name mencatat tiket <b>$ticket_number</b> &ldquo;$ticket_title&rdquo; "
        "atas nama Anda dan membuatkan akun untuk alamat email ini. Buka tautan berikut untuk membuat kata sandi "
        "(berlaku $hours jam, sekali pakai), lalu masuk untuk mengikuti dan menilai tiket Anda:</p>"
        "<p><a href=\"$link\">Buat kata sandi</a></p><p>Jika tautan kedaluwarsa, pilih &ldquo;Lupa kata "
        "sandi&rdquo; di halaman masuk.</p>"),
    ("invitation", "en"): _t(
        "Ticket $ticket_number: choose a password to follow it",
        "Hello $recipient_name,\n\n$agent_name recorded ticket $ticket_number \"$ticket_title\" on your behalf "
        "and opened an account for this email address. Open this link to choose a password (valid for $hours "
        "hours, once), then sign in to follow and rate your ticket:\n\n$link\n\nIf the link has expired, choose "
        "\"Forgot password\" on the sign-in page.\n",
        "<p>Hello $recipient_name,</p><p>$agent_name recorded ticket <b>$ticket_number</b> &ldquo;$ticket_title"
        "&rdquo; on your behalf and opened an account for this email address. Open this link to choose a password "
        "(valid for $hours hours, once), then sign in to follow and rate your ticket:</p>"
        "<p><a href=\"$link\">Choose a password</a></p><p>If the link has expired, choose &ldquo;Forgot "
        "password&rdquo; on the sign-in page.</p>"),
    ("staff_invitation", "id"): _t(
        "Undangan ke $desk_name",
        "Halo $recipient_name,\n\n$inviter_name mengundang Anda bergabung di $desk_name. Buka tautan berikut untuk "
        "membuat kata sandi (berlaku $hours jam, sekali pakai), lalu masuk dengan alamat email ini:\n\n$link\n\n"
        "Jika tautan kedaluwarsa, pilih \"Lupa kata sandi\" di halaman masuk.\n",
        "<p>Halo $recipient_name,</p><p>$inviter_name mengundang Anda bergabung di $desk_name. Buka tautan berikut "
        "untuk membuat kata sandi (berlaku $hours jam, sekali pakai), lalu masuk dengan alamat email ini:</p>"
        "<p><a href=\"$link\">Buat kata sandi</a></p><p>Jika tautan kedaluwarsa, pilih &ldquo;Lupa kata "
        "sandi&rdquo; di halaman masuk.</p>"),
    ("staff_invitation", "en"): _t(
        "Your invitation to $desk_name",
        "Hello $recipient_name,\n\n$inviter_name invited you to join $desk_name. Open this link to choose a "
        "password (valid for $hours hours, once), then sign in with this email address:\n\n$link\n\nIf the "
        "link has expired, choose \"Forgot password\" on the sign-in page.\n",
        "<p>Hello $recipient_name,</p><p>$inviter_name invited you to join $desk_name. Open this link to choose a "
        "password (valid for $hours hours, once), then sign in with this email address:</p>"
        "<p><a href=\"$link\">Choose a password</a></p><p>If the link has expired, choose &ldquo;Forgot "
        "password&rdquo; on the sign-in page.</p>"),
    ("guest_ticket", "id"): _t(
        "Tiket $ticket_number telah diterima",
        "Halo $recipient_name,\n\nTiket Anda $ticket_number \"$ticket_title\" telah diterima. Buka tautan "
        "berikut untuk mengikuti dan menjawab tiket Anda (berlaku $hours jam, sekali pakai):\n\n$link\n\n"
        "Ingin akun? Daftar dengan alamat email ini: tiket Anda tetap tersimpan di akun tersebut.\n",
        "<p>Halo $recipient_name,</p><p>Tiket Anda <b>$ticket_number</b> &ldquo;$ticket_title&rdquo; telah "
        "diterima. Buka tautan berikut untuk mengikuti dan menjawab tiket Anda (berlaku $hours jam, sekali "
        "pakai):</p><p><a href=\"$link\">Lihat tiket</a></p><p>Ingin akun? Daftar dengan alamat email ini: "
        "tiket Anda tetap tersimpan di akun tersebut.</p>"),
    ("guest_ticket", "en"): _t(
        "Ticket $ticket_number received",
        "Hello $recipient_name,\n\nYour ticket $ticket_number \"$ticket_title\" was received. Open this link to "
        "follow and answer it (valid for $hours hours, once):\n\n$link\n\nWant an account? Register with this "
        "email address: your tickets stay with it.\n",
        "<p>Hello $recipient_name,</p><p>Your ticket <b>$ticket_number</b> &ldquo;$ticket_title&rdquo; was "
        "received. Open this link to follow and answer it (valid for $hours hours, once):</p>"
        "<p><a href=\"$link\">See the ticket</a></p><p>Want an account? Register with this email address: your "
        "tickets stay with it.</p>"),
    ("ticket_received", "id"): _t(
        "Tiket $ticket_number telah diterima",
        "Halo $recipient_name,\n\nTiket $ticket_number \"$ticket_title\" dikirim dengan alamat email Anda dan "
        "telah diterima. Alamat ini sudah memiliki akun: masuk untuk mengikutinya di:\n$link\n\nLupa kata "
        "sandi? Pilih \"Lupa kata sandi\" di halaman masuk.\n",
        "<p>Halo $recipient_name,</p><p>Tiket <b>$ticket_number</b> &ldquo;$ticket_title&rdquo; dikirim dengan "
        "alamat email Anda dan telah diterima. Alamat ini sudah memiliki akun: <a href=\"$link\">masuk</a> "
        "untuk mengikutinya.</p><p>Lupa kata sandi? Pilih &ldquo;Lupa kata sandi&rdquo; di halaman masuk.</p>"),
    ("ticket_received", "en"): _t(
        "Ticket $ticket_number received",
        "Hello $recipient_name,\n\nTicket $ticket_number \"$ticket_title\" was sent with your email address and "
        "received. This address already has an account: sign in to follow it at:\n$link\n\nForgot your "
        "password? Choose \"Forgot password\" on the sign-in page.\n",
        "<p>Hello $recipient_name,</p><p>Ticket <b>$ticket_number</b> &ldquo;$ticket_title&rdquo; was sent with "
        "your email address and received. This address already has an account: <a href=\"$link\">sign in</a> "
        "to follow it.</p><p>Forgot your password? Choose &ldquo;Forgot password&rdquo; on the sign-in page.</p>"),
    ("guest_link", "id"): _t(
        "Tautan untuk mengikuti tiket Anda",
        "Halo $recipient_name,\n\nBuka tautan berikut untuk mengikuti dan menjawab tiket Anda (berlaku $hours "
        "jam, sekali pakai):\n\n$link\n\nAbaikan email ini jika Anda tidak memintanya.\n",
        "<p>Halo $recipient_name,</p><p>Buka tautan berikut untuk mengikuti dan menjawab tiket Anda (berlaku "
        "$hours jam, sekali pakai):</p><p><a href=\"$link\">Lihat tiket saya</a></p>"
        "<p>Abaikan email ini jika Anda tidak memintanya.</p>"),
    ("guest_link", "en"): _t(
        "A link to follow your tickets",
        "Hello $recipient_name,\n\nOpen this link to follow and answer your tickets (valid for $hours hours, "
        "once):\n\n$link\n\nIgnore this email if you did not ask for it.\n",
        "<p>Hello $recipient_name,</p><p>Open this link to follow and answer your tickets (valid for $hours hours, "
        "once):</p><p><a href=\"$link\">See my tickets</a></p><p>Ignore this email if you did not ask for it.</p>"),
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


async def find_template(pm, desk: DeskSpec | None, kind: str, language: str) -> EmailTemplate:
    """The plugin's template for this desk, kind and language, else core's (in English when core lacks the
    language)."""
    answer = await first_answer(pm.hook.email_template, desk=desk, kind=kind, language=language)
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
