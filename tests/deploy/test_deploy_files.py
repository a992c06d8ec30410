"""The deployment files agree with the code and with each other (no Docker engine or cluster is needed).

What would break a deployment silently: an image on another Rasa version than the one the model was
trained with, a port that differs between a container and its Service, a variable the code reads
that a service lacks, a URL pointing at a service or database that does not exist, a secret
written into a file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from bot.settings import lock_store_settings, tracker_store_url

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET")

#: The variables each component reads (bot/settings.py, endpoints.yml, deploy/rasa-server.sh,
#: bot/thresholds/db.py) that must be set in the production profile.
REQUIRED_ENV = {
    "rasa": {"TRACKER_STORE_URL", "LOCK_STORE_URL", "ACTION_ENDPOINT_URL", "RASA_API_TOKEN", "WEB_ORIGIN"},
    "actions": {"THRESHOLDS_DB_URL"},
    "thresholds-load": {"THRESHOLDS_DB_URL"},
    "web": {"THRESHOLDS_DB_URL", "RASA_API_TOKEN", "RASA_URL", "RASA_API_URL", "WEB_HOST"},
}
PORTS = {"rasa": 5005, "actions": 5055, "web": 8000}


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)", line)
        if match:
            pins[normalise(match[1])] = match[2]
    return pins


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def final_base_image(dockerfile: Path) -> str:
    """The image of the last FROM line (the stage that is shipped)."""
    images = [line.split()[1] for line in dockerfile.read_text().splitlines() if line.upper().startswith("FROM ")]
    assert images, f"{dockerfile.name} has no FROM line"
    return images[-1]


def interpolate(value: object) -> str:
    """Compose's substitution: `${VAR:?msg}` → `<VAR>`, `${VAR:-default}` → default, `$$` → `$`."""
    text = str(value)
    text = re.sub(r"\$\{(\w+):\?[^}]*\}", r"<\1>", text)
    text = re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", text)
    return text.replace("$$", "$")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def manifests() -> list[dict]:
    documents = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name != "kustomization.yaml":
            documents += [document for document in yaml.safe_load_all(path.read_text()) if document]
    return documents


def of_kind(manifests: list[dict], kind: str) -> dict[str, dict]:
    return {document["metadata"]["name"]: document for document in manifests if document["kind"] == kind}


def workloads(manifests: list[dict]) -> dict[str, dict]:
    """Deployments and Jobs by name: their pod templates."""
    return {**of_kind(manifests, "Deployment"), **of_kind(manifests, "Job")}


# ---- every file --------------------------------------------------------------------------------


def test_every_yaml_file_parses() -> None:
    paths = sorted([*DEPLOY.rglob("*.yml"), *DEPLOY.rglob("*.yaml")])
    assert len(paths) >= 7
    for path in paths:
        assert [document for document in yaml.safe_load_all(path.read_text()) if document], path


def test_no_file_holds_a_secret_value() -> None:
    for path in [*DEPLOY.rglob("*"), ROOT / ".dockerignore"]:
        if not path.is_file():
            continue
        for line in path.read_text().splitlines():
            # A password inside a URL must be a variable or a placeholder, never a value.
            for password in re.findall(r"://[^:/@\s]*:([^@\s]+)@", line):
                assert password.startswith("${") or password.isupper(), f"{path.name}: {line.strip()}"
    for line in (DEPLOY / "env.example").read_text().splitlines():
        name, _, value = line.partition("=")
        if SECRET_NAME.search(name) and not line.startswith("#"):
            assert value == "", f"env.example gives {name} a value"


# ---- images ------------------------------------------------------------------------------------


def test_images_are_built_on_the_rasa_versions_of_the_lock_file(services: dict) -> None:
    pins = lock_pins()
    expected = {
        "Dockerfile.rasa": f"rasa/rasa:{pins['rasa']}-full",
        "Dockerfile.actions": f"rasa/rasa-sdk:{pins['rasa-sdk']}",
    }
    for name, image in expected.items():
        assert final_base_image(DEPLOY / name) == image
    built_from = {service: spec["build"]["dockerfile"] for service, spec in services.items() if "build" in spec}
    assert built_from == {
        "rasa": "deploy/Dockerfile.rasa",
        "web": "deploy/Dockerfile.rasa",
        "actions": "deploy/Dockerfile.actions",
        "thresholds-load": "deploy/Dockerfile.actions",
    }
    assert all(services[service]["build"]["context"] == ".." for service in built_from)


@pytest.mark.parametrize("requirements", ["requirements-rasa.txt", "requirements-actions.txt"])
def test_packages_added_to_the_images_have_the_lock_files_versions(requirements: str) -> None:
    pins = lock_pins()
    lines = [line for line in (DEPLOY / requirements).read_text().splitlines() if line and not line.startswith("#")]
    assert lines
    for line in lines:
        name, _, version = line.partition("==")
        assert pins.get(normalise(name)) == version, f"{requirements}: {line} (lock: {pins.get(normalise(name))})"


def test_what_the_dockerfiles_copy_is_in_the_build_context() -> None:
    ignored = [line for line in (ROOT / ".dockerignore").read_text().splitlines() if line and not line[0] == "#"]
    assert {".venv", "var", "web/node_modules"} <= set(ignored)
    for dockerfile in DEPLOY.glob("Dockerfile.*"):
        for line in dockerfile.read_text().splitlines():
            words = line.split()
            if not words or words[0] != "COPY" or any(word.startswith("--from") for word in words):
                continue
            for source in [word for word in words[1:-1] if not word.startswith("--")]:
                if source.startswith("models"):
                    continue  # made by `make train`
                assert (ROOT / source).exists(), f"{dockerfile.name} copies {source}, which does not exist"
                assert not any(source.rstrip("/").startswith(pattern) for pattern in ignored), source


def test_the_rasa_launcher_refuses_to_start_without_its_settings() -> None:
    settings = {
        "ACTION_ENDPOINT_URL": "http://actions:5055/webhook",
        "TRACKER_STORE_URL": "postgresql://u:p@postgres/tracker",
        "LOCK_STORE_URL": "redis://:p@redis:6379/1",
        "RASA_API_TOKEN": "token",
        "WEB_ORIGIN": "http://localhost:8000",
    }
    for missing in settings:
        env = {"PATH": "/usr/bin:/bin", **{key: value for key, value in settings.items() if key != missing}}
        result = subprocess.run(
            ["bash", str(DEPLOY / "rasa-server.sh")], env=env, capture_output=True, text=True, cwd=ROOT
        )
        assert result.returncode != 0
        assert f"set {missing}" in result.stderr


# ---- docker compose ----------------------------------------------------------------------------


def test_compose_sets_every_variable_the_code_reads(services: dict) -> None:
    for service, names in REQUIRED_ENV.items():
        assert names <= set(services[service]["environment"]), service


def test_compose_keeps_secrets_out_of_the_file(services: dict) -> None:
    for service, spec in services.items():
        for name, value in (spec.get("environment") or {}).items():
            if SECRET_NAME.search(name):
                assert re.fullmatch(rf"\$\{{{name}:(\?[^}}]+|-)\}}", str(value)), f"{service}: {name}={value}"


def test_compose_urls_point_at_its_services_and_databases(services: dict) -> None:
    rasa, web, actions = services["rasa"]["environment"], services["web"]["environment"], services["actions"]
    postgres = services["postgres"]["environment"]
    init_sql = (DEPLOY / "postgres-init.sql").read_text()
    created = {postgres["POSTGRES_DB"], *re.findall(r"CREATE DATABASE (\w+)", init_sql)}

    tracker = tracker_store_url({"TRACKER_STORE_URL": interpolate(rasa["TRACKER_STORE_URL"])})
    assert (tracker.get_backend_name(), tracker.host, tracker.port) == ("postgresql", "postgres", 5432)
    assert tracker.username == postgres["POSTGRES_USER"] and tracker.database in created
    for service in ("actions", "web", "thresholds-load"):
        url = interpolate(services[service]["environment"]["THRESHOLDS_DB_URL"])
        thresholds = tracker_store_url({"TRACKER_STORE_URL": url})
        assert (thresholds.host, thresholds.database) == ("postgres", "thresholds") and "thresholds" in created
    assert thresholds.database != tracker.database

    locks = lock_store_settings({"LOCK_STORE_URL": interpolate(rasa["LOCK_STORE_URL"])})
    assert (locks.host, locks.port, locks.password) == ("redis", 6379, "<REDIS_PASSWORD>")
    assert services["redis"]["environment"]["REDIS_PASSWORD"] == "${REDIS_PASSWORD:?set REDIS_PASSWORD}"

    action_url = urlsplit(rasa["ACTION_ENDPOINT_URL"])
    assert (action_url.hostname, action_url.port, action_url.path) == ("actions", PORTS["actions"], "/webhook")
    assert str(PORTS["actions"]) in actions["expose"]
    assert urlsplit(web["RASA_API_URL"]).hostname == "rasa" and urlsplit(web["RASA_API_URL"]).port == PORTS["rasa"]


def test_compose_ports_and_healthchecks_agree(services: dict) -> None:
    assert str(PORTS["rasa"]) in services["rasa"]["expose"]
    assert "ports" not in services["rasa"]  # replicas can't share a host port: the proxy publishes it
    assert any(port.endswith(f":{PORTS['rasa']}") for port in services["rasa-proxy"]["ports"])
    assert "server rasa:5005;" in (DEPLOY / "nginx-rasa.conf").read_text()
    assert any(port.endswith(f":{PORTS['web']}") for port in services["web"]["ports"])
    assert services["web"]["environment"]["WEB_PORT"] == str(PORTS["web"])
    for service, port in PORTS.items():
        assert f"127.0.0.1:{port}/" in " ".join(services[service]["healthcheck"]["test"]), service
    for service, spec in services.items():
        if service != "thresholds-load":
            assert "healthcheck" in spec, f"{service} has no healthcheck"


def test_compose_runs_two_rasa_servers_once_their_dependencies_are_healthy(services: dict) -> None:
    assert services["rasa"]["deploy"]["replicas"] >= 2
    depends = services["rasa"]["depends_on"]
    assert {name: depends[name]["condition"] for name in depends} == {
        "postgres": "service_healthy",
        "redis": "service_healthy",
        "actions": "service_healthy",
    }
    assert services["actions"]["depends_on"]["thresholds-load"]["condition"] == "service_completed_successfully"
    assert services["web"]["command"] == ["python", "-m", "bot", "web"]


# ---- kubernetes --------------------------------------------------------------------------------


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    manifests = sorted(path.name for path in K8S.glob("*.yaml") if path.name != "kustomization.yaml")
    assert sorted(kustomization["resources"]) == manifests


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kubectl_renders_the_manifests() -> None:
    rendered = subprocess.run(["kubectl", "kustomize", str(K8S)], capture_output=True, text=True, timeout=120)
    assert rendered.returncode == 0, rendered.stderr
    kinds = [document["kind"] for document in yaml.safe_load_all(rendered.stdout)]
    assert kinds.count("Deployment") == 3 and kinds.count("Service") == 3


def test_k8s_runs_several_rasa_and_action_servers(manifests: list[dict]) -> None:
    deployments = of_kind(manifests, "Deployment")
    assert set(deployments) == {"rasa", "actions", "web"}
    assert deployments["rasa"]["spec"]["replicas"] >= 2
    assert deployments["actions"]["spec"]["replicas"] >= 2


def test_k8s_services_reach_their_containers_ports(manifests: list[dict]) -> None:
    deployments = of_kind(manifests, "Deployment")
    for name, service in of_kind(manifests, "Service").items():
        matching = [
            deployment
            for deployment in deployments.values()
            if service["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert [deployment["metadata"]["name"] for deployment in matching] == [name]
        container_ports = {
            key: port["containerPort"]
            for container in matching[0]["spec"]["template"]["spec"]["containers"]
            for port in container["ports"]
            for key in (port["name"], port["containerPort"])
        }
        for port in service["spec"]["ports"]:
            assert port["port"] == PORTS[name]
            assert container_ports.get(port["targetPort"]) == PORTS[name], f"{name}: targetPort {port['targetPort']}"
        for container in matching[0]["spec"]["template"]["spec"]["containers"]:
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                if probe in container:
                    assert container_ports.get(container[probe]["httpGet"]["port"]) == PORTS[name]
            assert "readinessProbe" in container and "livenessProbe" in container


def test_k8s_containers_get_every_variable_the_code_reads(manifests: list[dict]) -> None:
    config = of_kind(manifests, "ConfigMap")
    for name, workload in workloads(manifests).items():
        (container,) = workload["spec"]["template"]["spec"]["containers"]
        names = {variable["name"] for variable in container.get("env", [])}
        for source in container.get("envFrom", []):
            names |= set(config[source["configMapRef"]["name"]]["data"])
        assert REQUIRED_ENV[name] <= names, name


def test_k8s_secrets_come_from_a_secret_the_operator_creates(manifests: list[dict]) -> None:
    assert not of_kind(manifests, "Secret")
    readme = (DEPLOY / "README.md").read_text()
    for workload in workloads(manifests).values():
        for container in workload["spec"]["template"]["spec"]["containers"]:
            for variable in container.get("env", []):
                if SECRET_NAME.search(variable["name"]) or variable["name"].endswith("_URL"):
                    reference = variable["valueFrom"]["secretKeyRef"]
                    assert reference["name"] == "cbp-assistant-secrets"
                    assert f"{reference['key']}=" in readme or reference.get("optional"), reference["key"]
    for config in of_kind(manifests, "ConfigMap").values():
        for key, value in config["data"].items():
            assert not SECRET_NAME.search(key) and "@" not in str(value), key


def test_k8s_urls_point_at_the_services(manifests: list[dict]) -> None:
    (config,) = of_kind(manifests, "ConfigMap").values()
    services = of_kind(manifests, "Service")
    for variable, service in (("ACTION_ENDPOINT_URL", "actions"), ("RASA_API_URL", "rasa")):
        url = urlsplit(config["data"][variable])
        assert url.hostname in services and url.hostname == service
        assert url.port == services[service]["spec"]["ports"][0]["port"]
    assert config["data"]["WEB_PORT"] == str(PORTS["web"])


def test_k8s_and_compose_use_the_same_images(manifests: list[dict], services: dict) -> None:
    compose_images = {spec["image"].split(":")[0] for spec in services.values() if "build" in spec}
    k8s_images = {
        container["image"].split(":")[0]
        for workload in workloads(manifests).values()
        for container in workload["spec"]["template"]["spec"]["containers"]
    }
    assert k8s_images == compose_images == {"cbp-assistant/rasa", "cbp-assistant/actions"}


@pytest.mark.parametrize("dockerfile", ["Dockerfile.actions", "Dockerfile.rasa"])
def test_each_image_copies_every_data_file_the_code_reads(dockerfile: str) -> None:
    """The word lists, cue words, topics and rules are read at import: an image without them cannot start."""
    from bot import vocabulary
    from bot.conversation import understand
    from bot.nlu import topics
    from bot.thresholds import citations

    needed = [vocabulary.LEXICON_DIR, understand.TOPICS_FILE, understand.CUES_FILE, topics.LEXICON_PATH]
    needed.append(citations.DATA_DIR)
    copied = [
        line.split()[-1].rstrip("/")
        for line in (DEPLOY / dockerfile).read_text().splitlines()
        if line.startswith("COPY") and "--from=" not in line
    ]
    for path in needed:
        relative = path.relative_to(ROOT).as_posix()
        assert any(relative == dest or relative.startswith(dest + "/") for dest in copied), (dockerfile, relative)
