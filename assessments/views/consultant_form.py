"""Placeholder: being written. Every view answers 404 until implemented."""

from django.http import Http404


def answer_history(request, *args, **kwargs):
    raise Http404


def form_accept_view(request, *args, **kwargs):
    raise Http404


def form_request_view(request, *args, **kwargs):
    raise Http404


def form_review(request, *args, **kwargs):
    raise Http404


def form_supplement(request, *args, **kwargs):
    raise Http404
