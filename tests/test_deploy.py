"""No Docker engine runs here, so the deployment files are checked statically: the compose
file against the Compose specification, the Dockerfile with hadolint, and the start order."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed (it is a dev dependency)"
    return found


def test_compose_file_validates_against_the_compose_spec():
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec",
         str(ROOT / "docker-compose.yml")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_passes_hadolint():
    result = subprocess.run([tool("hadolint"), str(ROOT / "deploy" / "Dockerfile")],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_start_order_health_checks_and_roles():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["postgres"]["image"] == "postgres:16"
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["api"]["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"}}
    assert "healthcheck" in services["postgres"] and "healthcheck" in services["api"]
    assert services["migrate"]["command"] == ["liaison", "migrate"]
    assert services["api"]["command"][:2] == ["liaison", "serve"]
    for name in ("migrate", "api"):
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
    api_env = services["api"]["environment"]
    # The API connects as the restricted role and never receives the owner's URL.
    assert api_env["APP_DATABASE_URL"].startswith("postgresql://liaison_app:")
    assert "DATABASE_URL" not in api_env
    assert services["migrate"]["environment"]["DATABASE_URL"].startswith(
        "postgresql://liaison_owner:")
    worker = services["worker"]
    assert worker["command"][:2] == ["liaison", "worker"]
    assert "DATABASE_URL" not in worker["environment"]
    assert worker["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
