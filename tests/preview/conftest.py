from tests.support.local_server import local_server

__all__ = ["local_server"]
