"""HTTPS through the pinned transport: the connection goes to the checked address while SNI, the Host
header and certificate verification all use the host NAME (a certificate for the name passes, one for
another name fails)."""

import datetime
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests._localhttp import LocalServer, fast_options, fetch_many, stub_resolver, text


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject, issuer, key, signer, *, ca, san=None):
    now = datetime.datetime.now(datetime.UTC)
    b = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(now - datetime.timedelta(hours=1))
         .not_valid_after(now + datetime.timedelta(days=1))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if san:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
    return b.sign(signer, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("auditor test CA", "auditor test CA", ca_key, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _cert("pinned.test", "auditor test CA", key, ca_key, ca=False, san="pinned.test")
    (d / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (d / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (d / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                  serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    return d


def _server_context(pki, seen):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pki / "leaf.pem", pki / "key.pem")
    ctx.sni_callback = lambda sock, name, c: seen.append(name)
    return ctx


def _fetch(pki, url, resolver):
    import asyncio

    from auditor.net import SafeFetcher

    client_ctx = ssl.create_default_context(cafile=str(pki / "ca.pem"))

    async def main():
        async with SafeFetcher(fast_options(), resolver=resolver, ssl_context=client_ctx) as f:
            return await f.fetch(url), list(f.connections)

    return asyncio.run(main())


def test_sni_host_and_verification_use_the_name(pki, loopback_only):
    seen = []
    with LocalServer({"/x": text("secure")}, tls=_server_context(pki, seen)) as s:
        resolver = stub_resolver({"pinned.test": ["127.0.0.1"]})
        r, conns = _fetch(pki, f"https://pinned.test:{s.port}/x", resolver)
    assert r.status == "ok" and r.body == b"secure"
    assert seen == ["pinned.test"]
    assert s.requests[0]["headers"]["Host"] == f"pinned.test:{s.port}"
    assert conns == [("pinned.test", "127.0.0.1", s.port)]


def test_certificate_for_another_name_fails(pki, loopback_only):
    with LocalServer({"/x": text("secure")}, tls=_server_context(pki, [])) as s:
        resolver = stub_resolver({"wrong.test": ["127.0.0.1"]})
        r, _ = _fetch(pki, f"https://wrong.test:{s.port}/x", resolver)
    assert r.status == "error:connect_failed" and s.requests == []


def test_system_store_rejects_the_test_ca(pki, loopback_only):
    with LocalServer({"/x": text("secure")}, tls=_server_context(pki, [])) as s:
        resolver = stub_resolver({"pinned.test": ["127.0.0.1"]})
        results, _ = fetch_many([f"https://pinned.test:{s.port}/x"], fast_options(), resolver)
    assert results[0].status == "error:connect_failed"


def test_dual_stack_answers_fall_back_to_the_next_checked_address(loopback_only):
    with LocalServer({"/x": text("v4")}) as s:   # listens on IPv4 only
        resolver = stub_resolver({"dual.test": ["::1", "127.0.0.1"]})
        results, f = fetch_many([f"http://dual.test:{s.port}/x"], fast_options(), resolver)
    assert results[0].status == "ok" and results[0].body == b"v4"
    assert [c[1] for c in f.connections] == ["::1", "127.0.0.1"]
