"""A self-signed certificate for `openhexo serve --tls` on one machine.

The official Hexoskin client always speaks https (and does not check certificates), so a local
server must offer TLS for it to work by changing only the base URL. Public servers sit behind
a TLS-terminating proxy with a real certificate instead (DESIGN.md section 7).
"""

import datetime
import ipaddress
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

VALID_DAYS = 825  # the longest validity browsers still accept


def local_certificate(directory: Path) -> tuple[Path, Path]:
    """(certificate, private key) for localhost, 127.0.0.1 and ::1, made once in `directory`."""
    certificate, key = directory / "localhost.crt", directory / "localhost.key"
    if not (certificate.exists() and key.exists()):
        directory.mkdir(parents=True, exist_ok=True)
        private = ec.generate_private_key(ec.SECP256R1())
        _write_private(key, private)
        certificate.write_bytes(_self_signed(private).public_bytes(serialization.Encoding.PEM))
    return certificate, key


def _write_private(path: Path, private: ec.EllipticCurvePrivateKey) -> None:
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


def _self_signed(private: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "openhexo localhost")])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.DNSName("localhost")] + [
        x509.IPAddress(ipaddress.ip_address(address)) for address in ("127.0.0.1", "::1")
    ]
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(private, hashes.SHA256())
    )
