"""Delivery channels for reminders beyond the app. E-mail (SMTP) is the working one; SMS or
WeChat would implement the same ``Channel`` protocol."""

import asyncio
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol


def one_line(text: str) -> str:
    """A subject or title on one line: a line break in a header would break the message."""
    return " ".join(text.split())


class Channel(Protocol):
    name: str

    async def send(self, to: str, subject: str, body: str) -> None: ...


@dataclass(frozen=True)
class EmailChannel:
    host: str
    port: int = 25
    sender: str = "liaison@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    name: str = "email"

    def _send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        # A header never carries a line break (the e-mail library raises on one).
        message["From"], message["To"] = self.sender, to
        message["Subject"] = one_line(subject)
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)

    async def send(self, to: str, subject: str, body: str) -> None:
        await asyncio.to_thread(self._send, to, subject, body)


def channels_from_env(environ: dict[str, str] | None = None) -> list[Channel]:
    env = os.environ if environ is None else environ
    if not env.get("LIAISON_SMTP_HOST"):
        return []
    return [EmailChannel(
        host=env["LIAISON_SMTP_HOST"], port=int(env.get("LIAISON_SMTP_PORT", "25")),
        sender=env.get("LIAISON_SMTP_FROM", "liaison@localhost"),
        username=env.get("LIAISON_SMTP_USER") or None,
        password=env.get("LIAISON_SMTP_PASSWORD") or None,
        starttls=env.get("LIAISON_SMTP_STARTTLS", "") == "1")]
