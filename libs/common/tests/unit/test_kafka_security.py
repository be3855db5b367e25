import pytest
from faststream.security import SASLScram512
from pydantic import ValidationError

from smart_common.kafka_security import broker_security, client_options
from smart_common.settings import ServiceSettings


def test_development_talks_plaintext_to_its_embedded_broker():
    settings = ServiceSettings()
    assert broker_security(settings) is None
    assert client_options(settings) == {"security_protocol": "PLAINTEXT"}


def test_a_deployment_authenticates_as_its_service_over_tls():
    settings = ServiceSettings(
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_username="payroll",
        kafka_sasl_password="s3cret-from-the-vault",
    )
    security = broker_security(settings)
    assert isinstance(security, SASLScram512) and security.use_ssl
    assert security.username == "payroll" and security.ssl_context is not None
    options = client_options(settings)
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "payroll" and "ssl_context" in options


def test_sasl_without_credentials_is_refused_at_start():
    with pytest.raises(ValidationError, match="SMART_KAFKA_SASL_USERNAME"):
        ServiceSettings(kafka_security_protocol="SASL_PLAINTEXT")
