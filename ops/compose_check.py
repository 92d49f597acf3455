"""Checks ops/docker-compose.yml without a Docker engine.

Usage: compose_check.py COMPOSE_FILE PROMETHEUS_CONFIG COMPOSE_SCHEMA

1. The file is valid against the Compose Specification's JSON Schema (YAML anchors and merge
   keys resolved first, as Compose does).
2. Every long-running Nexus role (a service running `serve`, `relay` or `project`) sets
   NEXUS_OPS_PORT, has a health check that asks that port for /health, and is scraped by a
   Prometheus job on that port; a role with replicas is found through DNS service discovery
   (a static target reaches one replica only).
3. Prometheus loads alerting rules, and the compose file mounts them where it loads them.
Prints one line per problem and exits 1 if there is any.
"""

import json
import sys

import jsonschema
import yaml

ROLES = {"serve", "relay", "project"}


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def schema_problems(compose, schema):
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    return [
        f"schema: {'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in sorted(validator.iter_errors(compose), key=lambda e: list(map(str, e.absolute_path)))
    ]


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def scrape_targets(prometheus):
    """(job name, host, port, discovered by DNS) for every target of every scrape job."""
    for job in prometheus.get("scrape_configs") or []:
        for static in job.get("static_configs") or []:
            for target in static.get("targets") or []:
                host, _, port = target.rpartition(":")
                yield job["job_name"], host, port, False
        for dns in job.get("dns_sd_configs") or []:
            for name in dns.get("names") or []:
                yield job["job_name"], name, str(dns.get("port", "")), True


def role_problems(compose, prometheus):
    problems = []
    targets = list(scrape_targets(prometheus))
    roles = 0
    for name, service in (compose.get("services") or {}).items():
        command = service.get("command") or []
        if isinstance(command, str):
            command = command.split()
        if not command or command[0] not in ROLES:
            continue
        roles += 1
        port = environment(service).get("NEXUS_OPS_PORT")
        if not port:
            problems.append(f"{name}: NEXUS_OPS_PORT is not set, so it serves no /health or /metrics")
            continue
        port = str(port)
        test = (service.get("healthcheck") or {}).get("test")
        test_text = " ".join(test) if isinstance(test, list) else str(test or "")
        if (service.get("healthcheck") or {}).get("disable") or "/health" not in test_text:
            problems.append(f"{name}: no health check asking its ops port for /health")
        elif port not in test_text and "NEXUS_OPS_PORT" not in test_text:
            problems.append(f"{name}: its health check does not ask the ops port {port}")
        replicas = ((service.get("deploy") or {}).get("replicas")) or 1
        scraped = [t for t in targets if t[1] == name and t[2] == port]
        if not scraped:
            problems.append(f"{name}: no Prometheus job scrapes {name}:{port}")
        elif replicas > 1 and not any(t[3] for t in scraped):
            problems.append(f"{name}: {replicas} replicas but a static target reaches one of them; use dns_sd_configs")
    if roles == 0:
        problems.append("no Nexus role (serve, relay, project) found")
    return problems


def rule_problems(compose, prometheus):
    rule_files = prometheus.get("rule_files") or []
    if not rule_files:
        return ["prometheus.yml loads no alerting rules (rule_files)"]
    mounts = []
    for service in (compose.get("services") or {}).values():
        if "prometheus" in str(service.get("image", "")):
            mounts += [str(volume).split(":")[1] for volume in service.get("volumes") or [] if ":" in str(volume)]
    problems = []
    for rule_file in rule_files:
        path = rule_file if rule_file.startswith("/") else "/etc/prometheus/" + rule_file
        if path not in mounts:
            problems.append(f"prometheus: the rule file {path} is not mounted into the Prometheus container")
    return problems


def main(compose_path, prometheus_path, schema_path):
    compose = load(compose_path)
    prometheus = load(prometheus_path)
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    # Nexus's own rules read the file as the schema describes it: only checked once it conforms.
    problems = schema_problems(compose, schema) or role_problems(compose, prometheus) + rule_problems(compose, prometheus)
    for problem in problems:
        print(f"{compose_path}: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"{compose_path}: valid against the Compose Specification; every role watched")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
