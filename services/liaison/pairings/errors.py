"""Expected failures of the members domain."""

from liaison.errors import DomainError


class PairingLimitReached(DomainError):
    code = "PAIRING_LIMIT"

    def __init__(self, member_name: str, max_pairings: int, active: int) -> None:
        super().__init__(f"{member_name} 已有 {active} 名结对联系对象，"
                         f"每名委员最多 {max_pairings} 名；请先结束一个结对")
        self.max_pairings = max_pairings
        self.active = active
