"""Local stand-ins for remote signing services, for integrators' tests and the docs.

:class:`RemoteSigningTestServer` speaks CSC v1/v2, VNPT SmartCA and Viettel MySign on
127.0.0.1 with real keys, and :class:`Behaviour` makes the simulated holder confirm late,
decline or let the request expire. Nothing here is needed to sign for real.
"""

from vndocsign.signing._remote_testing import Behaviour, RemoteSigningTestServer, Transaction

__all__ = ["Behaviour", "RemoteSigningTestServer", "Transaction"]
