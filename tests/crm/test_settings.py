"""The settings: the documented production environment passes `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The production block of the README, "Security headers and HTTPS".
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Qv-production-like-secret-for-check-deploy-4f9b2c1e8d7a6b5c3e2f1a0d9c8",
    "ALLOWED_HOSTS": "tandem.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://tandem.example.org",
    "BASE_URL": "https://tandem.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_COOKIES": "1",
    "SECURE_PROXY_SSL_HEADER": "1",
    "TRUSTED_PROXY_COUNT": "1",
    "EMAIL_URL": "smtp+tls://user:pass@mail.example.org:587",
    "DEFAULT_FROM_EMAIL": "tandem@example.org",
}


def test_the_documented_production_environment_passes_check_deploy(tmp_path):
    readme = (ROOT / "README.md").read_text()
    for name in PRODUCTION_ENV:
        assert f"\n{name}=" in readme, f"{name} is not in the README's production block"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "crm.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **PRODUCTION_ENV,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr
