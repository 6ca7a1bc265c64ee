from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import LoginForm
from .views import RateLimitedPasswordResetView

app_name = "accounts"
urlpatterns = [
    path(
        "log-ind/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "adgangskode/skift/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("adgangskode/skift/udfoert/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "adgangskode/nulstil/",
        RateLimitedPasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("adgangskode/nulstil/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "adgangskode/nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path(
        "adgangskode/nulstil/faerdig/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
]
