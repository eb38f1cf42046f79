"""docker-compose.yml: migrations run as the tables' owner, the portal's processes as a role that owns nothing."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_web_worker_and_beat_connect_as_the_app_role_after_the_owner_migrated():
    services = _services()
    migrate = services["migrate"]
    assert migrate["environment"]["DATABASE_URL"].startswith("postgres://portal:")
    assert "migrate --noinput" in " ".join(migrate["command"]) and "grant_app_role" in " ".join(migrate["command"])
    for name in ("web", "worker", "beat"):
        service = services[name]
        assert service["environment"]["DATABASE_URL"].startswith("postgres://${APP_DB_USER:-portal_app}:"), name
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
    assert services["web"]["environment"]["MIGRATE_ON_START"] == "0"


def test_the_web_start_script_leaves_migrations_to_the_owner_when_told():
    script = (ROOT / "deploy" / "start-web.sh").read_text()
    assert 'if [ "${MIGRATE_ON_START:-1}" = "1" ]; then' in script
