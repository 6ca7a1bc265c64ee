"""OpenID Connect logins for two providers side by side, on top of mozilla-django-oidc.

mozilla-django-oidc reads one provider from flat settings through `get_settings`; each view and the backend
here answer `get_settings` from the provider the request is for (settings.OIDC_PROVIDERS), and the
provider's endpoints come from its discovery document, cached.
"""

import logging
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .backends import session_user
from .models import ExternalIdentity
from .services import LoginRefused, staff_identity_login, supplier_identity_login

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 3600
SESSION_PROVIDER = "oidc_provider"
SESSION_ID_TOKEN = "oidc_id_token"  # noqa: S105 (a session key, not a secret)


@dataclass(frozen=True)
class Provider:
    key: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    sign_algo: str

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (cached; fetched with a short timeout)."""
        cache_key = f"oidc-discovery:{self.issuer}"
        document = cache.get(cache_key)
        if document is None:
            url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
            cache.set(cache_key, document, DISCOVERY_CACHE_SECONDS)
        return document

    def setting(self, attr: str, *args):
        """mozilla-django-oidc's settings for this provider; everything else from Django's settings."""
        own = {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SCOPES": self.scopes,
            "OIDC_RP_SIGN_ALGO": self.sign_algo,
            "OIDC_AUTHENTICATION_CALLBACK_URL": f"accounts:oidc_callback_{self.key}",
            "OIDC_USE_PKCE": True,
            "OIDC_USE_NONCE": True,
            "OIDC_TIMEOUT": settings.OIDC_TIMEOUT,
        }
        if attr in own:
            return own[attr]
        return import_from_settings(attr, *args)


def providers() -> dict[str, Provider]:
    """The configured providers by key ('supplier', 'staff'); a provider without an issuer is left out."""
    return {
        key: Provider(
            key=key,
            issuer=config["issuer"],
            client_id=config["client_id"],
            client_secret=config["client_secret"],
            scopes=config.get("scopes", "openid"),
            sign_algo=config.get("sign_algo", "RS256"),
        )
        for key, config in settings.OIDC_PROVIDERS.items()
        if key in ExternalIdentity.Provider.values and config.get("issuer")
    }


def provider_or_404(key: str) -> Provider:
    try:
        return providers()[key]
    except KeyError:
        raise Http404 from None


class OidcLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's authorisation endpoint (code flow with PKCE, state and nonce)."""

    provider_key = ""

    def __init__(self, **kwargs) -> None:
        View.__init__(self, **kwargs)  # the parent reads one provider's settings here; ours depend on the URL

    def get_settings(self, attr, *args):  # type: ignore[override]
        return self.provider.setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        self.provider = provider_or_404(self.provider_key)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.provider.metadata()["authorization_endpoint"]
        except (requests.RequestException, ValueError, KeyError):
            logger.warning("OpenID Connect provider %s unreachable", self.provider.key, exc_info=True)
            return provider_unavailable(request, self.provider)
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        return super().get(request)


def provider_unavailable(request: HttpRequest, provider: Provider) -> HttpResponse:
    context = {"reason": "unavailable", "provider": provider.key}
    return render(request, "registration/oidc_refused.html", context, status=UNAVAILABLE_STATUS)


REFUSAL_STATUS = 403
# NSIS levels as the Danish guidance names them.
ASSURANCE_NAMES = {"low": _("lav"), "substantial": _("betydelig"), "high": _("høj")}
UNAVAILABLE_STATUS = 503


class OidcCallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back: the backend checks the token and claims; a refusal gets a Danish page."""

    provider_key = ""

    def get_settings(self, attr, *args):  # type: ignore[override]
        return self.provider.setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        self.provider = provider_or_404(self.provider_key)
        request.oidc_provider = self.provider  # type: ignore[attr-defined]  # read by OidcBackend
        try:
            return super().get(request)
        except requests.RequestException:
            # Discovery, token or userinfo endpoint down or answering with an error: nobody is logged in.
            logger.warning("OpenID Connect callback from %s failed", self.provider.key, exc_info=True)
            return provider_unavailable(request, self.provider)

    @property
    def success_url(self) -> str:
        user = self.user
        if user.is_supplier_user and not user.suppliers.exists():
            return reverse("accounts:supplier_link_pending")
        return super().success_url

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        # After auth.login (which may start a new session): what RP-initiated logout needs later.
        self.request.session[SESSION_PROVIDER] = self.provider.key
        self.request.session[SESSION_ID_TOKEN] = getattr(self.request, "oidc_id_token", "")
        return response

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, "oidc_refusal", "")
        return render(
            self.request,
            "registration/oidc_refused.html",
            {
                "reason": reason,
                "provider": self.provider.key,
                "minimum": ASSURANCE_NAMES.get(settings.OIDC_SUPPLIER_MIN_ASSURANCE.lower(), ""),
            },
            status=REFUSAL_STATUS,
        )


class OidcBackend(OIDCAuthenticationBackend):
    """Authenticates the callback of whichever provider the callback view says; any other request is not ours."""

    def __init__(self, *args, **kwargs) -> None:
        self.UserModel = get_user_model()
        self.provider: Provider | None = None

    def get_settings(self, attr, *args):  # type: ignore[override]
        assert self.provider is not None
        return self.provider.setting(attr, *args)

    def get_user(self, user_id):
        # Django's rule, not mozilla-django-oidc's: a deactivated user's open sessions end at once.
        return session_user(self, user_id)

    def authenticate(self, request, **kwargs):  # type: ignore[override]
        provider = getattr(request, "oidc_provider", None)
        if provider is None or "nonce" not in kwargs:
            return None
        self.provider = provider
        metadata = provider.metadata()
        self.OIDC_OP_TOKEN_ENDPOINT = metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = metadata["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = metadata["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = provider.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # mozilla-django-oidc checks signature and nonce but not who issued the token nor for whom.
        assert self.provider is not None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != self.provider.issuer or self.provider.client_id not in audiences:
            raise SuspiciousOperation("ID token from another issuer or for another client")
        return payload

    def store_tokens(self, access_token, id_token):
        self.request.oidc_id_token = id_token

    def get_or_create_user(self, access_token, id_token, payload):
        assert self.provider is not None
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about another subject than the ID token")
        claims = {**payload, **userinfo}
        name = str(claims.get("name") or " ".join(filter(None, [claims.get("given_name"), claims.get("family_name")])))
        try:
            if self.provider.key == ExternalIdentity.Provider.SUPPLIER:
                return supplier_identity_login(
                    subject=str(claims["sub"]),
                    name=name,
                    email=str(claims.get("email") or ""),
                    cvr=str(claims.get(settings.OIDC_SUPPLIER_CVR_CLAIM) or ""),
                    p_number=str(claims.get(settings.OIDC_SUPPLIER_PNUMBER_CLAIM) or ""),
                    assurance_level=str(claims.get(settings.OIDC_SUPPLIER_ASSURANCE_CLAIM) or ""),
                    minimum_assurance=settings.OIDC_SUPPLIER_MIN_ASSURANCE,
                )
            groups = claims.get(settings.OIDC_STAFF_GROUPS_CLAIM) or []
            return staff_identity_login(
                subject=str(claims["sub"]),
                name=name,
                email=str(claims.get("email") or ""),
                groups=[groups] if isinstance(groups, str) else list(groups),
            )
        except LoginRefused as refusal:
            self.request.oidc_refusal = refusal.reason
            return None


def oidc_logout(request: HttpRequest) -> HttpResponse:
    """Log out here, and at the provider too when the session came from one that offers RP-initiated logout."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    key = request.session.get(SESSION_PROVIDER)
    id_token = request.session.get(SESSION_ID_TOKEN)
    auth.logout(request)
    target = reverse(settings.LOGOUT_REDIRECT_URL)
    provider = providers().get(key or "")
    if provider and id_token:
        try:
            end_session = provider.metadata().get("end_session_endpoint")
        except requests.RequestException:
            end_session = None
        if end_session:
            params = {
                "id_token_hint": id_token,
                "client_id": provider.client_id,
                "post_logout_redirect_uri": request.build_absolute_uri(target),
            }
            return HttpResponseRedirect(f"{end_session}?{urlencode(params)}")
    return HttpResponseRedirect(target)
