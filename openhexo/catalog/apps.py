from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "openhexo.catalog"
    label = "catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .seed import load_catalogue_after_migrate

        post_migrate.connect(load_catalogue_after_migrate, sender=self)
