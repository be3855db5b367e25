"""docker-compose.yml, the Dockerfile and the kustomize overlays, checked without Docker."""

from __future__ import annotations

import json
import re
import shutil
import socket
import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from smart_common.settings import ServiceSettings
from smart_devstack.stack import SERVICES
from smart_invoicing.settings import InvoicingSettings
from smart_members.settings import MembersSettings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS: dict[str, type[ServiceSettings]] = {
    "members": MembersSettings,
    "invoicing": InvoicingSettings,
}


SECRETS = {  # what an operator exports before `docker compose up` (compose has no fallback)
    "SMART_PERSONAL_DATA_KEY": "b3BlcmF0b3Ita2V5LW9mLXRoaXJ0eS10d28tYnl0ZXM=",
    "SMART_WORKER_IDENTITY_KEY": "b3BlcmF0b3Itd29ya2VyLWlkZW50aXR5LWtleS0zMmI=",
    "SMART_ADMIN_PASSWORD": "an-operator-chosen-password",
    "SMART_TOKEN_SIGNING_KEY": Ed25519PrivateKey.generate()
    .private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    .decode(),
    "SMART_QUOTE_LINK_KEY": "an-operator-chosen-quote-link-key-of-32+",
    "SMART_ACCOUNT_LINK_KEY": "an-operator-chosen-account-link-key-32+",
    "SMART_KAFKA_ADMIN_PASSWORD": "the-brokers-own-password",
    "SMART_MONGO_ROOT_PASSWORD": "the-databases-root-password",
    "SMART_MONGO_REPLICA_KEY": "a-replica-set-key-file-content",
} | {
    f"SMART_{store}_{service.upper()}_PASSWORD": f"{service}-{store.lower()}-password"
    for store in ("KAFKA", "MONGO")
    for service in SERVICES
}


def _expand(value: str) -> str:
    """Compose's ${NAME:?message}: what the operator exported; a secret never has a default."""
    assert ":-" not in value, f"compose has no fallback secrets: {value}"
    return re.sub(r"\$\{([A-Z_]+):\?[^}]*\}", lambda found: SECRETS[found.group(1)], value)


def load_compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_kafka_kraft_mongo_replica_set_collector_and_the_five_services():
    services = load_compose()["services"]
    assert {"kafka", "mongo", "otel-collector", "jaeger", *SERVICES} <= services.keys()
    kafka = services["kafka"]["environment"]
    assert kafka["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert "KAFKA_LISTENER_NAME_BROKER_PLAIN_SASL_JAAS_CONFIG" in kafka
    assert kafka["KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"] == "false"
    acls = (ROOT / "deploy/compose/kafka-acls.sh").read_text()
    assert '--operation Write --operation Describe \\\n    --topic "$service."' in acls
    assert kafka["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] == "CONTROLLER:PLAINTEXT,BROKER:SASL_SSL"
    mongo = services["mongo"]
    assert "--replSet" in mongo["command"] and "--keyFile" in mongo["command"]
    assert mongo["command"][mongo["command"].index("--tlsMode") + 1] == "requireTLS"
    users = (ROOT / "deploy/compose/mongo-users.js").read_text()
    assert '{ role: "readWrite", db: service }' in users
    assert "rs.initiate" in " ".join(mongo["healthcheck"]["test"])
    collector = yaml.safe_load((ROOT / "deploy/compose/otel-collector.yaml").read_text())
    assert collector["service"]["pipelines"]["traces"]["receivers"] == ["otlp"]
    for name in SERVICES:
        service = services[name]
        assert service["build"] == "."
        assert service["command"] == ["python", "-m", f"smart_{name}"]
        environment = {key: _expand(str(value)) for key, value in service["environment"].items()}
        assert environment["SMART_MONGODB_DATABASE"] == name
        assert environment["SMART_SERIALIZE_TRANSACTIONS"] == "false"
        assert environment["SMART_OTLP_ENDPOINT"].startswith("http://otel-collector")
        # each service is its own principal: its MongoDB user, its Kafka ACLs
        assert environment["SMART_MONGODB_URI"].startswith(f"mongodb://{name}:{name}-mongo-")
        assert environment["SMART_KAFKA_SASL_USERNAME"] == name
        assert environment["SMART_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
        assert "tls=true" in environment["SMART_MONGODB_URI"]
        settings_type = SETTINGS.get(name, ServiceSettings)
        settings = settings_type(
            **{key.removeprefix("SMART_").lower(): value for key, value in environment.items()}
            | {"today": environment.get("SMART_TODAY")},  # not the test run's own SMART_TODAY
        )
        assert settings.environment.value == "production"


def test_the_compose_certificates_verify_for_the_broker_and_mongodb(tmp_path):
    """The certificates the compose stack makes on first start: a TLS handshake with each
    component's key succeeds for its name on the network, against the CA the services hold."""
    subprocess.run(
        [sys.executable, str(ROOT / "deploy/compose/certificates.py"), str(tmp_path)], check=True
    )
    ca = tmp_path / "ca" / "ca.pem"
    for component in ("kafka", "mongo"):
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.load_cert_chain(tmp_path / component / f"{component}.pem")
        client = ssl.create_default_context(cafile=ca)
        left, right = socket.socketpair()
        left.setblocking(False)
        right.setblocking(False)
        with left, right:
            served = server.wrap_socket(left, server_side=True, do_handshake_on_connect=False)
            asked = client.wrap_socket(
                right, server_hostname=component, do_handshake_on_connect=False
            )
            for _ in range(10):  # the two sides' handshake steps, interleaved
                for side in (asked, served):
                    try:
                        side.do_handshake()
                    except ssl.SSLWantReadError:
                        pass
            assert asked.getpeercert()["subjectAltName"] == (
                ("DNS", component),
                ("DNS", "localhost"),
            )
    before = ca.read_bytes()
    subprocess.run(
        [sys.executable, str(ROOT / "deploy/compose/certificates.py"), str(tmp_path)], check=True
    )
    assert ca.read_bytes() == before  # a restart keeps the CA


def test_one_dockerfile_for_every_service_on_python_313():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.1[3-9]", dockerfile, re.MULTILINE)
    assert "uv sync --frozen" in dockerfile and "USER smart" in dockerfile


def _documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def build_overlay(folder: Path) -> list[dict[str, Any]]:
    """A small kustomize: resources, namespace, delete patches and JSON-patch adds."""
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    resources: list[dict[str, Any]] = []
    for entry in kustomization.get("resources", []):
        target = (folder / entry).resolve()
        resources += build_overlay(target) if target.is_dir() else _documents(target)
    for patch in kustomization.get("patches", []):
        body = yaml.safe_load(patch["patch"])
        if isinstance(body, dict) and body.get("$patch") == "delete":
            resources = [
                r
                for r in resources
                if not (
                    r["kind"] == body["kind"] and r["metadata"]["name"] == body["metadata"]["name"]
                )
            ]
            continue
        target = patch["target"]
        for resource in resources:
            if (
                resource["kind"] == target["kind"]
                and resource["metadata"]["name"] == target["name"]
            ):
                for operation in body:
                    assert operation["op"] == "add"
                    *parents, leaf = operation["path"].strip("/").split("/")
                    node = resource
                    for part in parents:
                        node = node[part]
                    node[leaf] = operation["value"]
    if "namespace" in kustomization:
        for resource in resources:
            resource["metadata"]["namespace"] = kustomization["namespace"]
    return resources


@pytest.mark.parametrize(
    "overlay, entity, expected",
    [
        ("be", "BE", set(SERVICES)),
        ("se", "SE", set(SERVICES) - {"governance"}),
    ],
)
def test_overlays_choose_their_services_and_rule_pack(overlay, entity, expected):
    resources = build_overlay(ROOT / "deploy/overlays" / overlay)
    deployments = {r["metadata"]["name"]: r for r in resources if r["kind"] == "Deployment"}
    services = {r["metadata"]["name"]: r for r in resources if r["kind"] == "Service"}
    assert set(deployments) == expected and set(services) == expected
    [config] = [r for r in resources if r["kind"] == "ConfigMap"]
    assert config["data"]["SMART_ENTITY"] == entity
    assert config["data"]["SMART_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert "SMART_MONGODB_URI" not in config["data"]  # credentials: each service's Secret
    assert all(r["metadata"]["namespace"] == f"smart-{overlay}" for r in resources)
    # a data export or an erasure waits for each named service: each must be deployed
    awaited = MembersSettings(
        _env_file=None,
        **(
            {"member_data_services": json.loads(config["data"]["SMART_MEMBER_DATA_SERVICES"])}
            if "SMART_MEMBER_DATA_SERVICES" in config["data"]
            else {}
        ),
    ).member_data_services
    assert set(awaited) == expected - {"members"}
    for name, deployment in deployments.items():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["command"] == ["python", "-m", f"smart_{name}"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
        assert container["livenessProbe"]["httpGet"]["path"] == "/health"
        env = {item["name"]: item for item in container["env"]}
        assert env["SMART_MONGODB_DATABASE"]["value"] == name
        # members alone holds the private key; the others verify with its public keys
        signs = "SMART_TOKEN_SIGNING_KEY" in env
        assert signs == (name == "members"), name
        if signs:
            assert "secretKeyRef" in env["SMART_TOKEN_SIGNING_KEY"]["valueFrom"]
        else:
            assert env["SMART_JWKS_URL"]["value"].endswith("/.well-known/jwks.json")
        for item in env.values():  # a URL of another service reaches it by its Service's port
            called = re.match(r"http://([a-z]+)(?::(\d+))?/?", item.get("value", ""))
            if called and called.group(1) in services:
                [port] = services[called.group(1)]["spec"]["ports"]
                assert int(called.group(2) or 80) == port["port"], (name, item)
        assert "secretKeyRef" in env["SMART_PERSONAL_DATA_KEY"]["valueFrom"]
        assert (
            env["SMART_MONGODB_URI"]["valueFrom"]["secretKeyRef"]["name"] == f"smart-{name}-store"
        )
        assert env["SMART_KAFKA_SASL_USERNAME"]["value"] == name
        # the worker's identity in events: readable by members and payroll only
        holds_identity_key = "SMART_WORKER_IDENTITY_KEY" in env
        assert holds_identity_key == (name in ("members", "payroll")), name


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not installed")
@pytest.mark.parametrize("overlay", ["be", "se"])
def test_kubectl_kustomize_agrees(overlay):
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(ROOT / "deploy/overlays" / overlay)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    names = {(doc["kind"], doc["metadata"]["name"]) for doc in yaml.safe_load_all(rendered) if doc}
    ours = {
        (doc["kind"], doc["metadata"]["name"])
        for doc in build_overlay(ROOT / "deploy/overlays" / overlay)
    }
    assert names == ours
