"""Celery tasks of the suppliers app: each loads an id and calls a service."""

from celery import shared_task

from .imports.services import supplier_import_parse


@shared_task
def parse_supplier_import(pk: int) -> str:
    supplier_import = supplier_import_parse(pk=pk)
    return supplier_import.status if supplier_import else "missing"
