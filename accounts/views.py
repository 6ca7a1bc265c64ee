from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .client import client_ip
from .ratelimit import attempt_allowed


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
