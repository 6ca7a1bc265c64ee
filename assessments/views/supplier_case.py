"""Placeholder: being written. Every view answers 404 until implemented."""

from django.http import Http404


def appeal_submit_view(request, *args, **kwargs):
    raise Http404


def supplier_case(request, *args, **kwargs):
    raise Http404
