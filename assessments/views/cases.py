"""Placeholder: being written. Every view answers 404 until implemented."""

from django.http import Http404


def case_create(request, *args, **kwargs):
    raise Http404


def case_detail(request, *args, **kwargs):
    raise Http404


def case_list(request, *args, **kwargs):
    raise Http404
