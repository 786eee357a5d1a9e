from django.apps import AppConfig


class ProcessingConfig(AppConfig):
    name = "openhexo.processing"
    label = "processing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from openhexo.records.models import Range
        from openhexo.timeseries.signals import samples_ingested

        from .queue import range_saved, samples_arrived

        samples_ingested.connect(samples_arrived, dispatch_uid="openhexo.processing")
        post_save.connect(range_saved, sender=Range, dispatch_uid="openhexo.processing.range")
