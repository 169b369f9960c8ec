from tests.pki.fixtures import vn_pki  # noqa: F401  (re-exported session fixture)
