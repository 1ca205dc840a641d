"""Production is the default and refuses to serve with the repository's published secrets."""

import pytest

from liaison import cli
from liaison.app import app_factory
from liaison.settings import DEV_JWT_SECRET, SettingsError, load_settings

GOOD_SECRET = "prod-secret-0123456789-0123456789-abcdef"
SETTINGS_VARIABLES = ("LIAISON_ENV", "LIAISON_JWT_SECRET", "LIAISON_APP_DB_PASSWORD",
                      "APP_DATABASE_URL", "DATABASE_URL")


@pytest.fixture
def clean_env(monkeypatch):
    """The process environment without any of the settings (restored afterwards)."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def refusal(env: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as caught:
        load_settings(env).check_for_serving()
    return str(caught.value)


def test_an_empty_environment_is_production_and_refuses_to_serve():
    # Replays: with nothing set the service started in development, signing tokens with
    # DEV_JWT_SECRET, which is published in this repository: anyone could forge a token.
    settings = load_settings({})
    assert (settings.env, settings.production, settings.jwt_secret) == (
        "production", True, None)
    assert "LIAISON_JWT_SECRET" in refusal({})


def test_the_development_secret_is_refused_in_production():
    # Replays: LIAISON_ENV=production with the development secret copied from the repo.
    message = refusal({"LIAISON_ENV": "production", "LIAISON_JWT_SECRET": DEV_JWT_SECRET})
    assert "LIAISON_JWT_SECRET" in message


def test_the_default_database_password_is_refused_in_production():
    # Replays: a good JWT secret but the application role left on its published password.
    for env in ({"LIAISON_JWT_SECRET": GOOD_SECRET},
                {"LIAISON_JWT_SECRET": GOOD_SECRET, "LIAISON_APP_DB_PASSWORD": ""}):
        message = refusal(env)
        assert "LIAISON_APP_DB_PASSWORD" in message
        assert "LIAISON_JWT_SECRET" not in message


@pytest.mark.parametrize("env", [
    {"LIAISON_JWT_SECRET": GOOD_SECRET, "LIAISON_APP_DB_PASSWORD": "a-real-password-42"},
    {"LIAISON_JWT_SECRET": GOOD_SECRET,
     "APP_DATABASE_URL": "postgresql://liaison_app:secret@db.internal/liaison"},
    {"LIAISON_ENV": "production", "LIAISON_JWT_SECRET": GOOD_SECRET,
     "LIAISON_APP_DB_PASSWORD": "a-real-password-42"},
    {"LIAISON_ENV": "development"},
    {"LIAISON_ENV": "test"},
])
def test_configured_production_and_other_modes_may_serve(env):
    settings = load_settings(env)
    assert settings.check_for_serving() is None
    assert settings.env == env.get("LIAISON_ENV", "production")


def test_development_gets_the_development_secret_and_test_a_random_one():
    assert load_settings({"LIAISON_ENV": "development"}).jwt_secret == DEV_JWT_SECRET
    one, two = (load_settings({"LIAISON_ENV": "test"}).jwt_secret for _ in range(2))
    assert one != two and DEV_JWT_SECRET not in (one, two) and len(one) >= 32


def test_serve_refuses_a_clean_environment_without_starting(clean_env, capsys):
    # Replays: `liaison serve` on a fresh machine started listening with the published
    # development secret; now it exits 2 and says which variable to set.
    import uvicorn

    started = []
    clean_env.setattr(uvicorn, "run", lambda *a, **k: started.append((a, k)))
    assert cli.main(["serve"]) == 2
    assert started == []
    err = capsys.readouterr().err
    assert "LIAISON_JWT_SECRET" in err
    assert err.startswith("配置错误：")


def test_serve_names_the_database_password_when_only_the_secret_is_set(clean_env, capsys):
    import uvicorn

    started = []
    clean_env.setattr(uvicorn, "run", lambda *a, **k: started.append((a, k)))
    clean_env.setenv("LIAISON_JWT_SECRET", GOOD_SECRET)
    assert cli.main(["serve"]) == 2
    assert started == []
    assert "LIAISON_APP_DB_PASSWORD" in capsys.readouterr().err


def test_dev_is_the_one_command_that_defaults_to_development(clean_env):
    import os

    seen = []

    def stub(settings, args):
        seen.append((settings.env, os.environ["LIAISON_ENV"], args.port))
        return 0

    clean_env.setattr(cli, "cmd_dev", stub)
    assert cli.main(["dev", "--port", "8765"]) == 0
    assert seen == [("development", "development", 8765)]
    assert os.environ["LIAISON_ENV"] == "development"
    # An explicit choice is kept: `dev` only fills in a missing LIAISON_ENV.
    clean_env.setenv("LIAISON_ENV", "test")
    assert cli.main(["dev"]) == 0
    assert seen[-1] == ("test", "test", None)


def test_app_factory_refuses_a_clean_production_environment(clean_env):
    # Replays: `uvicorn --factory liaison.app:app_factory` bypassed the CLI's checks and
    # served production with the development secret.
    with pytest.raises(SettingsError) as caught:
        app_factory()
    assert "LIAISON_JWT_SECRET" in str(caught.value)
    clean_env.setenv("LIAISON_JWT_SECRET", DEV_JWT_SECRET)
    with pytest.raises(SettingsError, match="LIAISON_JWT_SECRET"):
        app_factory()


@pytest.mark.parametrize(("given", "kept"), [(None, 20), ("5", 5), ("200", 200)])
def test_the_pool_size_is_read_from_the_environment(given, kept):
    env = {"LIAISON_ENV": "test"} | ({"LIAISON_POOL_SIZE": given} if given else {})
    assert load_settings(env).pool_size == kept


@pytest.mark.parametrize("given", ["0", "201", "-3", "ten", "1e3", "\x00"])
def test_a_pool_size_that_is_not_a_small_number_is_refused(given):
    with pytest.raises(SettingsError, match="LIAISON_POOL_SIZE"):
        load_settings({"LIAISON_ENV": "test", "LIAISON_POOL_SIZE": given})
