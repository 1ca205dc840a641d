"""The real server (uvicorn, ``liaison.app:app_factory``) as a subprocess on a free port, on
this session's test database, for the browser tests and the fuzzer to talk to like any
client. Its output goes to a log file that a failing test can quote."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.builders import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Server:
    base: str           # http://127.0.0.1:PORT
    log_path: Path
    process: subprocess.Popen

    def url(self, path: str) -> str:
        return self.base + path

    def log_tail(self, lines: int = 60) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def server_env(settings, app_url) -> dict[str, str]:
    """Everything explicit (the server's defaults are production's): test mode, the tests'
    secret, and the very connection the tests use, as the application role."""
    env = dict(os.environ)
    env.update({
        "LIAISON_ENV": "test",
        "APP_DATABASE_URL": app_url.render_as_string(hide_password=False),
        "LIAISON_JWT_SECRET": settings.jwt_secret,
        "LIAISON_DB_NAME": settings.database_name,
        "LIAISON_DATA_DIR": str(settings.data_dir),
        "LIAISON_APP_DB_PASSWORD": settings.app_db_password,
        "PYTHONUNBUFFERED": "1",
    })
    return env


def _wait_healthy(base: str, process: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def start(settings, app_url, log_path: Path) -> Server:
    """Starts the server; raises RuntimeError (with its log) when it does not come up."""
    for _attempt in range(3):  # the port may be taken between choosing and binding it
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "liaison.app:app_factory", "--factory",
                 "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
                 "--log-level", "info"],
                cwd=ROOT, env=server_env(settings, app_url), stdout=log,
                stderr=subprocess.STDOUT)
        if _wait_healthy(base, process, 60):
            return Server(base=base, log_path=log_path, process=process)
        stop(process)
    raise RuntimeError("the server did not start:\n" + log_path.read_text(errors="replace"))


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
