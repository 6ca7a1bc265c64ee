"""Placeholder: being written. Every view answers 404 until implemented."""

from django.http import Http404


def case_file_export(request, *args, **kwargs):
    raise Http404


def case_history(request, *args, **kwargs):
    raise Http404


def interview_notes(request, *args, **kwargs):
    raise Http404
