"""Typed settings read from the environment.

``DATABASE_URL`` is the *owner's* connection, used for migrations and tenant manifests.
Unset, the embedded PostgreSQL (``pgserver``) under ``LIAISON_DATA_DIR`` is used.
The server itself connects as the restricted application role: ``APP_DATABASE_URL`` when
given, otherwise the owner's URL with the role ``liaison_app`` and ``LIAISON_APP_DB_PASSWORD``.
"""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

APP_ROLE = "liaison_app"
DEV_JWT_SECRET = "dev-only-secret-change-me-in-production-0123456789"
DEV_APP_DB_PASSWORD = "liaison-app-dev"


class SettingsError(RuntimeError):
    """A setting is missing or invalid."""


@dataclass(frozen=True)
class Settings:
    env: str = "production"
    database_url: str | None = None
    app_database_url: str | None = None
    app_db_password: str = DEV_APP_DB_PASSWORD
    database_name: str = "liaison"
    data_dir: Path = field(default_factory=lambda: Path(".data").resolve())
    jwt_secret: str | None = None
    jwt_ttl_seconds: int = 30 * 60
    host: str = "127.0.0.1"
    port: int = 8000
    pool_size: int = 20  # database connections per worker process, kept open

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def embedded(self) -> bool:
        return self.database_url is None

    def check_for_serving(self) -> None:
        """Production refuses to serve with the secrets published in this repository."""
        if not self.production:
            return
        if not self.jwt_secret or self.jwt_secret == DEV_JWT_SECRET:
            raise SettingsError(
                "生产环境必须设置 LIAISON_JWT_SECRET（至少 32 个字符的随机串），"
                "不能使用开发默认值")
        if not self.app_database_url and self.app_db_password == DEV_APP_DB_PASSWORD:
            raise SettingsError(
                "生产环境必须设置 LIAISON_APP_DB_PASSWORD（应用数据库角色的密码），"
                "或用 APP_DATABASE_URL 给出完整连接；不能使用开发默认密码")


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    # Production unless told otherwise: `make run` / `liaison dev` say development.
    mode = env.get("LIAISON_ENV", "production")
    if mode not in ("development", "test", "production"):
        raise SettingsError(f"LIAISON_ENV must be development, test or production, not {mode!r}")
    secret = env.get("LIAISON_JWT_SECRET") or None
    if secret is None and mode != "production":
        secret = DEV_JWT_SECRET if mode == "development" else secrets.token_urlsafe(32)
    elif secret is not None and len(secret) < 32:
        raise SettingsError("LIAISON_JWT_SECRET must be at least 32 characters")
    try:
        port = int(env.get("PORT", "8000"))
    except ValueError as exc:
        raise SettingsError(f"PORT must be a number, not {env.get('PORT')!r}") from exc
    try:
        pool_size = int(env.get("LIAISON_POOL_SIZE", Settings.pool_size))
    except ValueError:
        pool_size = 0
    if not 1 <= pool_size <= 200:
        raise SettingsError("LIAISON_POOL_SIZE must be a number from 1 to 200, not "
                            f"{env.get('LIAISON_POOL_SIZE')!r}")
    return Settings(
        env=mode,
        database_url=env.get("DATABASE_URL") or None,
        app_database_url=env.get("APP_DATABASE_URL") or None,
        app_db_password=env.get("LIAISON_APP_DB_PASSWORD") or DEV_APP_DB_PASSWORD,
        database_name=env.get("LIAISON_DB_NAME", "liaison"),
        data_dir=Path(env.get("LIAISON_DATA_DIR", ".data")).resolve(),
        jwt_secret=secret,
        port=port,
        host=env.get("HOST", "127.0.0.1"),
        pool_size=pool_size,
    )
