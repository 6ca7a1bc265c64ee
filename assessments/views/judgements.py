"""Placeholder: being written. Every view answers 404 until implemented."""

from django.http import Http404


def judgement_overview(request, *args, **kwargs):
    raise Http404


def judgement_parameter(request, *args, **kwargs):
    raise Http404


def judgement_submit_view(request, *args, **kwargs):
    raise Http404


def reconciliation(request, *args, **kwargs):
    raise Http404


def reconciliation_accept_agreed_view(request, *args, **kwargs):
    raise Http404


def reconciliation_confirm_view(request, *args, **kwargs):
    raise Http404


def reconciliation_parameter(request, *args, **kwargs):
    raise Http404


def reconciliation_resume_view(request, *args, **kwargs):
    raise Http404
