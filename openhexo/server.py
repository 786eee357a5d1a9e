"""The HTTP server behind `openhexo serve`: gunicorn running openhexo's WSGI application."""

from gunicorn.app.base import BaseApplication

from openhexo.wsgi import application


class OpenhexoServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return application


def serve(host: str, port: int, workers: int, tls: tuple | None = None) -> int:
    """Serve until stopped; `tls` is a (certificate, key) pair of files for https."""
    bind = f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"
    options = {
        "bind": bind,
        "workers": max(1, workers),
        "worker_class": "gthread",
        "threads": 4,
        "accesslog": "-",
        "timeout": 120,
    }
    if tls is not None:
        options |= {"certfile": str(tls[0]), "keyfile": str(tls[1])}
    OpenhexoServer(options).run()
    return 0
