from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "openhexo.dashboard"
    label = "dashboard"
