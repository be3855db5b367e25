"""The compose stack's TLS certificates, made once on first start (`docker compose up` runs it
as the one-shot `certificates` service): a private CA, and a certificate for the broker
(`kafka`) and for MongoDB (`mongo`) signed by it — ECDSA P-256, valid for the service's name on
the compose network and for localhost (the health checks). Each component's key is written to
its own volume; the services mount the CA's certificate only. Existing files are kept: a
restart does not change the CA. A real deployment uses its own PKI (the kustomize base's
`smart-ca` Secret).

    python certificates.py <folder>   # writes ca/ca.pem, kafka/…, mongo/…
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALID_DAYS = 825
COMPONENTS = {"kafka": ("kafka", "localhost"), "mongo": ("mongo", "localhost")}


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def certificate_authority(
    now: datetime.datetime,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name("smart compose CA"))
        .issuer_name(_name("smart compose CA"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def server_certificate(
    ca_key: ec.EllipticCurvePrivateKey,
    ca: x509.Certificate,
    names: tuple[str, ...],
    now: datetime.datetime,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(names[0]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, certificate


def write(folder: Path) -> None:
    ca_file = folder / "ca" / "ca.pem"
    if ca_file.exists():
        return
    now = datetime.datetime.now(datetime.UTC)
    ca_key, ca = certificate_authority(now)
    ca_pem = ca.public_bytes(serialization.Encoding.PEM)
    for component, names in COMPONENTS.items():
        key, certificate = server_certificate(ca_key, ca, names, now)
        target = folder / component
        target.mkdir(parents=True, exist_ok=True)
        # key then certificate: MongoDB's tlsCertificateKeyFile and Kafka's PEM key store alike
        (target / f"{component}.pem").write_bytes(
            _pem(key) + certificate.public_bytes(serialization.Encoding.PEM)
        )
        (target / "ca.pem").write_bytes(ca_pem)
    ca_file.parent.mkdir(parents=True, exist_ok=True)
    ca_file.write_bytes(ca_pem)  # last: its presence says the set is complete


if __name__ == "__main__":
    write(Path(sys.argv[1]))
