from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ActionNotAllowed

from .client import client_ip
from .http import AuthenticatedHttpRequest
from .oidc import providers
from .ratelimit import attempt_allowed
from .selectors import pending_links_of, supplier_link_to_decide_or_404
from .services import supplier_link_decide


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per e-mail address and per client address.

    Every request counts, whether or not the address belongs to a user, and a refusal reads the same either
    way, so the limit tells nobody which addresses exist.
    """

    def form_valid(self, form) -> HttpResponse:
        window = settings.PASSWORD_RESET_LIMIT_WINDOW_SECONDS
        email = form.cleaned_data["email"].strip().lower()
        by_address = attempt_allowed(
            scope="password-reset-address",
            value=email,
            limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            window_seconds=window,
        )
        by_client = attempt_allowed(
            scope="password-reset-ip",
            value=client_ip(self.request),
            limit=settings.PASSWORD_RESET_LIMIT_PER_IP,
            window_seconds=window,
        )
        if not (by_address and by_client):
            form.add_error(
                "email",
                _(
                    "For mange anmodninger om at nulstille adgangskoden. Vent en time, og prøv igen. "
                    "Har du brug for hjælp nu, så kontakt din administrator."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class LoginView(auth_views.LoginView):
    """The login page: buttons for the configured OpenID Connect providers, and the password form unless
    settings.PASSWORD_LOGIN_ENABLED is off (then a posted password is refused without being checked)."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_login"] = settings.PASSWORD_LOGIN_ENABLED
        context["oidc_providers"] = sorted(providers())
        return context

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN_ENABLED:
            raise ActionNotAllowed(_("Log ind med adgangskode er slået fra. Brug en af knapperne."))
        return super().post(request, *args, **kwargs)


def password_login_required(view):
    """Password reset only makes sense while passwords are a way in."""

    def wrapped(request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@login_required
def supplier_link_pending(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What a supplier person sees while their link to a supplier waits for confirmation."""
    if not request.user.is_supplier_user:
        raise Http404
    return render(request, "accounts/supplier_link_pending.html", {"links": pending_links_of(request.user)})


@login_required
@require_POST
def supplier_link_decide_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm or reject a pending link (the form on the dashboard task). 404 for a link the user may not see;
    a link someone else decided first answers the 403 page with the reason (the service's refusal)."""
    link = supplier_link_to_decide_or_404(actor=request.user, pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    supplier_link_decide(link_id=link.pk, actor=request.user, confirm=confirm)
    if confirm:
        messages.success(
            request, _("%(user)s kan nu handle for %(supplier)s.") % {"user": link.user, "supplier": link.supplier}
        )
    else:
        messages.success(request, _("Anmodningen fra %(user)s er afvist.") % {"user": link.user})
    return redirect("core:dashboard")
