import pytest


@pytest.fixture(scope="session", autouse=True)
def certificate_keys(tmp_path_factory):
    """The bureau's certificate signing key in a temporary CERTIFICATE_KEY_DIR."""
    from django.test import override_settings

    from policeonline.certificates import keys

    root = tmp_path_factory.mktemp("certificate-keys")
    with override_settings(CERTIFICATE_KEY_DIR=str(root)):
        ring = keys.keyring()
        ring.create()
        yield ring
