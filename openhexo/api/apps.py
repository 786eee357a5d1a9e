from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openhexo.api"
    label = "hexoapi"
