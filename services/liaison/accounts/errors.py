"""Login outcomes that are not a success."""

from datetime import datetime

from liaison.errors import DomainError


class InvalidCredentials(DomainError):
    code = "INVALID_CREDENTIALS"

    def __init__(self) -> None:
        super().__init__("单位、用户名或密码错误")


class AccountLocked(DomainError):
    code = "ACCOUNT_LOCKED"

    def __init__(self, locked_until: datetime) -> None:
        local = locked_until.astimezone().strftime("%H:%M")
        super().__init__(f"连续登录失败次数过多，账号已锁定至 {local}，请稍后再试")
        self.locked_until = locked_until
