from django.apps import AppConfig


class TimeseriesConfig(AppConfig):
    name = "openhexo.timeseries"
    label = "timeseries"
    default_auto_field = "django.db.models.BigAutoField"
