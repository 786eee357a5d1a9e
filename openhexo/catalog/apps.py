from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class CatalogConfig(AppConfig):
    name = "openhexo.catalog"
    label = "catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .datatypes import forget, forget_now_and_on_commit
        from .models import Datatype, Unit
        from .seed import load_catalogue_after_migrate

        post_migrate.connect(load_catalogue_after_migrate, sender=self)
        post_migrate.connect(forget, sender=self)
        for model in (Datatype, Unit):
            post_save.connect(forget_now_and_on_commit, sender=model)
            post_delete.connect(forget_now_and_on_commit, sender=model)
