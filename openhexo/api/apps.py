import warnings

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openhexo.api"
    label = "hexoapi"

    def ready(self) -> None:
        # The password and implicit grants are kept on purpose (Hexoskin clients use them),
        # as settings.OAUTH2_PROVIDER says; django-oauth-toolkit warns on every use.
        warnings.filterwarnings(
            "ignore",
            message=r"The OAuth 2\.0 .* is discouraged by RFC 9700",
            category=DeprecationWarning,
        )
