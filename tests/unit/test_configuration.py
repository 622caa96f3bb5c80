"""The environment is read in one place, `taskexec.config`, and when it is used, never at import: a test or the
local stack that sets a variable after the package is loaded is obeyed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from taskexec import config
from taskexec.data.models import ALL_MODELS, TaskModel, UserModel

PACKAGE = Path(config.__file__).resolve().parent


def reads_environment(path: Path) -> bool:
    """Whether the module reads `os.environ` or calls `os.getenv`."""
    return any(
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and (node.value.id, node.attr) in {("os", "environ"), ("os", "getenv")}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    )


def test_only_config_reads_the_environment() -> None:
    readers = {
        path.relative_to(PACKAGE).as_posix() for path in sorted(PACKAGE.rglob("*.py")) if reads_environment(path)
    }
    assert readers == {"config.py"}


def test_models_find_their_table_and_region_when_used(monkeypatch: pytest.MonkeyPatch) -> None:
    assert UserModel.Meta.table_name == "UsersTable"  # the logical id when the environment names none
    monkeypatch.setenv("USERS_TABLE", "taskexec-prod-users")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    assert UserModel.Meta.table_name == "taskexec-prod-users"
    assert UserModel.Meta.region == "eu-west-1"
    assert TaskModel.Meta.table_name == "TasksTable"


def test_every_model_names_its_own_table(monkeypatch: pytest.MonkeyPatch) -> None:
    for logical_id, variable in config.TABLE_ENV.items():
        monkeypatch.setenv(variable, f"deployed-{logical_id}")
    assert {logical_id: model.Meta.table_name for logical_id, model in ALL_MODELS.items()} == {
        logical_id: f"deployed-{logical_id}" for logical_id in ALL_MODELS
    }


def test_settings_follow_the_environment_of_the_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENT_BUS_NAME", raising=False)
    monkeypatch.delenv("NOTIFICATION_TOPIC_ARN", raising=False)
    before = config.settings()
    assert (before.event_bus_name, before.notification_topic_arn) == ("default", None)
    monkeypatch.setenv("EVENT_BUS_NAME", "taskexec-dev")
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "false")
    after = config.settings()
    assert (after.event_bus_name, after.sdk_tracing) == ("taskexec-dev", True)


def test_missing_environment_names_the_blank_and_unset_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in config.REQUIRED_ENV:
        monkeypatch.setenv(name, "set")
    monkeypatch.setenv("TASKS_TABLE", "  ")
    monkeypatch.delenv("POWERTOOLS_METRICS_NAMESPACE")
    assert config.missing_environment() == ["TASKS_TABLE", "POWERTOOLS_METRICS_NAMESPACE"]
