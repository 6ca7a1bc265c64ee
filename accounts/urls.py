from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import LoginForm
from .models import ExternalIdentity
from .oidc import OidcCallbackView, OidcLoginView, oidc_logout
from .views import (
    LoginView,
    RateLimitedPasswordResetView,
    password_login_required,
    supplier_link_decide_view,
    supplier_link_pending,
)

app_name = "accounts"
urlpatterns = [
    path(
        "log-ind/",
        LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("log-ud/", oidc_logout, name="logout"),
    path(
        "adgangskode/skift/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("adgangskode/skift/udfoert/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "adgangskode/nulstil/",
        password_login_required(
            RateLimitedPasswordResetView.as_view(
                success_url=reverse_lazy("accounts:password_reset_done"),
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path("adgangskode/nulstil/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "adgangskode/nulstil/<uidb64>/<token>/",
        password_login_required(
            auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete"))
        ),
        name="password_reset_confirm",
    ),
    path(
        "adgangskode/nulstil/faerdig/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("tilknytning/afventer/", supplier_link_pending, name="supplier_link_pending"),
    path("tilknytning/<int:pk>/beslut/", supplier_link_decide_view, name="supplier_link_decide"),
]
# One login and one callback URL per OpenID Connect provider; the callback is what the provider registers.
for _key in ExternalIdentity.Provider.values:
    urlpatterns += [
        path(f"oidc/{_key}/log-ind/", OidcLoginView.as_view(provider_key=_key), name=f"oidc_login_{_key}"),
        path(f"oidc/{_key}/callback/", OidcCallbackView.as_view(provider_key=_key), name=f"oidc_callback_{_key}"),
    ]
