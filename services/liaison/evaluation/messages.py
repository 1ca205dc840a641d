"""Slips as messages, for the notification channels (``notifications/channels.py``).

The people evaluating have no account and no e-mail address here, only a phone: a slip is
sent to the person's phone through the channels that reach phones (``PHONE_CHANNELS``, by
the channel's ``name``: an SMS or WeChat channel implementing ``Channel``). E-mail channels
are skipped. Each slip is sent on its own; a failure is counted and the rest go on (the
plain codes cannot be sent again later: a slip that failed is replaced by a reissue).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from liaison.evaluation.service import Slip
from liaison.notifications.channels import Channel, one_line

PHONE_CHANNELS = frozenset({"sms", "wechat"})


@dataclass(frozen=True)
class Sent:
    sent: int = 0
    failed: int = 0
    unreachable: int = 0


def subject(tenant_name: str, slip: Slip) -> str:
    return one_line(f"{tenant_name} {slip.year} 年度委员联系群众工作评议")


def body(slip: Slip, *, base: str, tenant_code: str) -> str:
    """One short message: whom to evaluate, where, the code, and that it works once."""
    r = slip.recipient
    return (f"{r.constituent_name}您好！请对您的结对委员{r.member_name}（{r.sector_name}界别）"
            f"的联系服务情况作出评价：打开 {slip.url(base, tenant_code)} ，"
            f"评议码 {slip.code}。评议码只能使用一次，评议结束后失效。")


async def send(channels: Sequence[Channel], slips: Sequence[Slip], *, base: str,
               tenant_code: str, tenant_name: str) -> Sent:
    phones = [c for c in channels if c.name in PHONE_CHANNELS]
    sent = failed = unreachable = 0
    for slip in slips:
        if not slip.recipient.phone or not phones:
            unreachable += 1
            continue
        try:
            for channel in phones:
                await channel.send(slip.recipient.phone, subject(tenant_name, slip),
                                   body(slip, base=base, tenant_code=tenant_code))
        except Exception:  # noqa: BLE001 (isolated: counted; the rest go on)
            failed += 1
        else:
            sent += 1
    return Sent(sent, failed, unreachable)
