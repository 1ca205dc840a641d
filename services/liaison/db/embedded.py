"""The embedded PostgreSQL: the ``pgserver`` wheel, used when ``DATABASE_URL`` is unset.

Started as root (as CI runs), pgserver runs PostgreSQL as its own system user ``pgserver``
and makes every parent of the data directory traversable for it (``chmod o+rx``); it also
falls back to a short socket directory when the data path is too long for a Unix socket.
The server keeps running between commands; ``liaison db stop`` stops it.
"""

import logging
import warnings
from pathlib import Path

from sqlalchemy.engine import URL

log = logging.getLogger(__name__)
# pgserver's lock lives in the user's runtime dir; without XDG_RUNTIME_DIR (CI, root) it warns.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def start(data_dir: Path) -> URL:
    """Start (or find running) the embedded server; return the superuser URL to ``postgres``."""
    import pgserver  # imported late: it is not needed when DATABASE_URL is set

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir / "pg", cleanup_mode=None)
    info = server.get_postmaster_info()
    return URL.create(
        "postgresql+asyncpg",
        username="postgres",
        database="postgres",
        query={"host": str(info.socket_dir), "port": str(info.port)},
    )


def is_running(data_dir: Path) -> bool:
    from pgserver.utils import PostmasterInfo

    pgdata = (data_dir / "pg").resolve()
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    return info is not None and info.is_running()


def stop(data_dir: Path) -> bool:
    """Stop the embedded server if it runs; True when one was stopped.

    Calls ``pg_ctl stop`` directly: pgserver's own clean-up only stops the server when no
    other process ever registered a handle, and our commands leave it running on purpose.
    """
    import os

    from pgserver._commands import pg_ctl

    if not is_running(data_dir):
        return False
    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=(data_dir / "pg").resolve(), user=user)
    (data_dir / "pg" / ".handle_pids.json").unlink(missing_ok=True)
    return True
