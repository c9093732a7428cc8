"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and can refuse mail on demand."""

from __future__ import annotations

import datetime
import ipaddress
import re
import socket
import ssl
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    """What arrived, parsed; ``refuse`` makes the server answer 451 (try again later) to every message.

    With ``tls_context`` the server demands STARTTLS (or speaks TLS from the start with ``implicit_tls``);
    with ``credentials`` it demands a login."""

    port: int = field(default_factory=free_port)
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False
    refused: int = 0
    tls_context: ssl.SSLContext | None = None
    credentials: tuple[str, str] | None = None
    implicit_tls: bool = False
    logins: list[str] = field(default_factory=list)
    _controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's handler name
        if self.refuse:
            self.refused += 1
            return "451 Requested action aborted: try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def start(self) -> Mailbox:
        extra = {}
        if self.tls_context is not None and self.implicit_tls:
            # aiosmtpd cannot tell the socket is already TLS, so it must be told AUTH is safe here.
            extra.update(ssl_context=self.tls_context, auth_require_tls=False)
        elif self.tls_context is not None:
            extra.update(tls_context=self.tls_context, require_starttls=True)
        if self.credentials is not None:
            extra.update(authenticator=self._authenticate, auth_required=True)
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **extra)
        self._controller.start()
        return self

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        login, password = auth_data.login.decode(), auth_data.password.decode()
        if (login, password) != self.credentials:
            return AuthResult(success=False, handled=False)
        self.logins.append(login)
        return AuthResult(success=True)

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")


def link_in(message: EmailMessage) -> str:
    return re.search(r"https?://\S+", text_of(message)).group(0)


def token_in(message: EmailMessage) -> str:
    return re.search(r"[?&]token=([^\s&]+)", text_of(message)).group(1)


def self_signed_tls(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1 with a fresh self-signed certificate, and that certificate's file
    (the CA a client must trust)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file
