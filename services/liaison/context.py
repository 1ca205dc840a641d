"""What every service call receives: the session, who asks, and where the request came from."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from liaison.audit.service import Origin
from liaison.authz.principal import Principal
from liaison.errors import PublicError


@dataclass
class ServiceContext:
    session: AsyncSession
    principal: Principal | None
    origin: Origin
    auth_error: PublicError | None = None
    # For what must be written whatever becomes of the request's transaction (a failed
    # password check's audit row and counter): a transaction of its own.
    sessions: async_sessionmaker | None = None
    # A mutation refused with a typed error and run without a savepoint (the only field of
    # its operation, api/mutation.py): the request's transaction is rolled back, not committed.
    refused: bool = False

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise self.auth_error or PublicError("UNAUTHENTICATED", "请先登录")
        return self.principal
