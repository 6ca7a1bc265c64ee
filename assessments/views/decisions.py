"""Placeholder: being written. Every view answers 404 until implemented."""

from django.http import Http404


def appeal_staff(request, *args, **kwargs):
    raise Http404


def decision_make_view(request, *args, **kwargs):
    raise Http404


def hearing_revise_view(request, *args, **kwargs):
    raise Http404


def hearing_staff(request, *args, **kwargs):
    raise Http404


def signoff(request, *args, **kwargs):
    raise Http404
