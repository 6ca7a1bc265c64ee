"""Placeholder: being written. Every view answers 404 until implemented."""

from django.http import Http404


def answer_autosave(request, *args, **kwargs):
    raise Http404


def answer_confirm_view(request, *args, **kwargs):
    raise Http404


def attachment_download(request, *args, **kwargs):
    raise Http404


def attachment_remove_view(request, *args, **kwargs):
    raise Http404


def attachment_upload(request, *args, **kwargs):
    raise Http404


def form_overview(request, *args, **kwargs):
    raise Http404


def form_review_submit(request, *args, **kwargs):
    raise Http404


def form_section(request, *args, **kwargs):
    raise Http404


def submission_pdf(request, *args, **kwargs):
    raise Http404
