"""The monitoring files under deploy/: they parse, each alert and panel is complete, and every
metric they name is one MicroPosts exports (so a renamed metric cannot leave a silent alert)."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.metrics import MetricWrapperBase

from microposts.ops import collectors, metrics

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PROMETHEUS_CONFIG = DEPLOY / "prometheus" / "prometheus.yml"
ALERT_RULES = DEPLOY / "prometheus" / "alerts.yml"
DASHBOARD = DEPLOY / "grafana" / "microposts-dashboard.json"

METRIC_NAME = re.compile(r"microposts_[a-z_]+")

# The names each kind of metric object exports, after its own name (prometheus_client).
SUFFIXES = {
    "counter": ("_total",),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count"),
    "summary": ("", "_sum", "_count"),
}


def exported_names() -> set[str]:
    """Every sample name /metrics can show: the objects in ops/metrics.py, and the gauges
    ops/collectors.py reads when scraped."""
    names = set(collectors.BACKLOG_METRICS)
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            if value._type not in SUFFIXES:
                pytest.fail(f"{value._name}: no rule for a metric of type {value._type}")
            names.update(value._name + suffix for suffix in SUFFIXES[value._type])
    return names


def unknown_metrics(expression: str, known: set[str]) -> set[str]:
    """The metric names in a PromQL expression that are not in `known`."""
    return set(METRIC_NAME.findall(expression)) - known


def alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load(ALERT_RULES.read_text(encoding="utf-8"))["groups"]
    return [rule for group in groups for rule in group["rules"]]


def dashboard_panels() -> list[dict[str, Any]]:
    """Every panel, including those inside collapsed rows."""
    found = []
    waiting = list(json.loads(DASHBOARD.read_text(encoding="utf-8"))["panels"])
    while waiting:
        panel = waiting.pop(0)
        found.append(panel)
        waiting.extend(panel.get("panels", []))
    return found


def all_expressions() -> dict[str, str]:
    """Each PromQL expression in deploy/, by where it is (for the failure message)."""
    expressions = {f"alert {rule['alert']}": rule["expr"] for rule in alert_rules()}
    for panel in dashboard_panels():
        for target in panel.get("targets", []):
            expressions[f"panel {panel['title']!r} {target['refId']}"] = target["expr"]
    return expressions


def test_the_prometheus_config_scrapes_microposts_and_loads_the_rules() -> None:
    config = yaml.safe_load(PROMETHEUS_CONFIG.read_text(encoding="utf-8"))
    (job,) = config["scrape_configs"]
    assert job["job_name"] == "microposts"
    assert job["metrics_path"] == "/metrics"
    assert job["static_configs"][0]["targets"] == ["127.0.0.1:8000"]
    for rule_file in config["rule_files"]:
        assert (PROMETHEUS_CONFIG.parent / rule_file).is_file()


def test_every_alert_rule_is_complete() -> None:
    rules = alert_rules()
    assert rules
    for rule in rules:
        assert rule["alert"]
        assert rule["expr"].strip(), rule["alert"]
        assert rule["for"], rule["alert"]
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        assert rule["annotations"]["description"], rule["alert"]


def test_alert_names_are_unique() -> None:
    names = [rule["alert"] for rule in alert_rules()]
    assert len(names) == len(set(names))


def test_every_dashboard_panel_has_a_query() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert dashboard["schemaVersion"] == 39
    panels = [panel for panel in dashboard_panels() if panel["type"] != "row"]
    assert panels
    for panel in panels:
        expressions = [target.get("expr", "").strip() for target in panel.get("targets", [])]
        assert any(expressions), panel["title"]


def test_every_metric_the_alerts_and_dashboard_use_is_exported() -> None:
    known = exported_names()
    expressions = all_expressions()
    unknown = {
        where: sorted(names)
        for where, expression in expressions.items()
        if (names := unknown_metrics(expression, known))
    }
    assert unknown == {}
    used = {name for expression in expressions.values() for name in METRIC_NAME.findall(expression)}
    assert len(used) > 10  # the check looked at real queries, not at an empty list


def test_the_check_reports_a_metric_that_is_not_exported() -> None:
    known = exported_names()
    assert unknown_metrics("rate(microposts_no_such_metric[5m]) > 0", known) == {
        "microposts_no_such_metric"
    }
    # A counter is exported with _total: its bare name is not a series Prometheus stores.
    assert unknown_metrics("rate(microposts_posts[5m])", known) == {"microposts_posts"}
    assert unknown_metrics("rate(microposts_posts_total[5m])", known) == set()
