"""Every write of the domain leaves a history entry with the service's name."""

import importlib
import inspect
import pkgutil

from django.apps import apps
from django.conf import settings

from history import registration
from history.coverage import READ_ONLY_SERVICES

DOMAIN_PACKAGES = ("crm", "companies", "benefits", "outreach", "certification", "privacy")
SERVICE_PACKAGES = (*DOMAIN_PACKAGES, "history")


def _services_modules() -> list[str]:
    found = []
    for package_name in SERVICE_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            parts = module.name.split(".")
            if "services" in parts and "migrations" not in parts:
                found.append(module.name)
    return sorted(found)


def _public_functions(module_name: str) -> dict[str, object]:
    module = importlib.import_module(module_name)
    return {
        f"{module_name}.{name}": function
        for name, function in vars(module).items()
        if inspect.isfunction(function)
        and not name.startswith("_")
        # Defined here, not imported (the wrapper keeps the service's __module__).
        and function.__module__ == module_name
    }


def test_the_walk_finds_every_services_module():
    assert {
        "crm.services",
        "companies.services",
        "benefits.services",
        "outreach.services.campaigns",
        "outreach.services.flags",
        "outreach.services.introductions",
        "outreach.services.reevaluation",
        "outreach.services.thresholds",
        "outreach.services.touchpoints",
        "outreach.letters.services",
        "history.services",
    } <= set(_services_modules())


def test_every_public_service_that_writes_is_recorded_under_its_name():
    unwrapped = []
    for module_name in _services_modules():
        for path, function in _public_functions(module_name).items():
            if path in READ_ONLY_SERVICES:
                continue
            if getattr(function, "recorded_action", None) != path.rsplit(".", 1)[1]:
                unwrapped.append(path)
    assert unwrapped == []


def test_the_read_only_list_names_only_services_that_exist():
    known = {path for module in _services_modules() for path in _public_functions(module)}
    assert set(READ_ONLY_SERVICES) <= known


def test_every_concrete_model_of_the_domain_is_registered():
    from auditlog.registry import auditlog

    missing = [
        model._meta.label_lower
        for label in (*DOMAIN_PACKAGES, "history")
        for model in apps.get_app_config(label).get_models()
        if not auditlog.contains(model) and model._meta.label_lower not in registration.NOT_RECORDED
    ]
    assert missing == []
    assert auditlog.contains(apps.get_model(settings.AUTH_USER_MODEL))


def test_the_allow_list_names_only_models_that_exist():
    labels = {model._meta.label_lower for model in apps.get_models()}
    assert set(registration.NOT_RECORDED) <= labels


def test_secrets_are_never_tracked():
    from auditlog.registry import auditlog

    user_fields = auditlog.get_model_fields(apps.get_model(settings.AUTH_USER_MODEL))
    assert {"password", "last_login"} <= set(user_fields["exclude_fields"])
