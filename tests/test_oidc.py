"""OpenID Connect logins without a browser: the rules, the services, who may confirm a supplier link, the
password-login switch. The browser walks through a real provider are in test_oidc_browser.py."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from accounts.domain import assurance_sufficient, role_from_groups
from accounts.models import ExternalIdentity, Role, StaffGroupMapping, SupplierLink
from accounts.services import (
    LinkNotAllowed,
    LoginRefused,
    staff_identity_login,
    supplier_identity_login,
    supplier_link_decide,
)
from audit.models import AuditEntry
from suppliers.models import Supplier

from . import factories
from .factories import PASSWORD

SHARED_CVR = "29000026"


# --- rules ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "minimum", "sufficient"),
    [
        ("Substantial", "substantial", True),
        ("High", "substantial", True),
        ("Low", "substantial", False),
        ("https://data.gov.dk/concept/core/nsis/loa/Substantial", "substantial", True),
        ("nsis:low", "low", True),
        ("", "low", False),
        ("unknown", "low", False),
        ("Low", "high", False),
        ("High", "high", True),
    ],
)
def test_assurance_level_meets_minimum_only_when_known_and_high_enough(level, minimum, sufficient):
    assert assurance_sufficient(level, minimum) is sufficient


def test_role_from_groups_prefers_most_responsible_role_and_refuses_two_tilsyn_for_it():
    assert role_from_groups([("consultant", 1), ("leader", 1)]) == ("leader", 1)
    assert role_from_groups([("myndighed", None)]) == ("myndighed", None)
    assert role_from_groups([("consultant", 1), ("consultant", 2)]) is None
    assert role_from_groups([]) is None


# --- services -------------------------------------------------------------------------------------------------


def supplier_login(subject="person-1", cvr=SHARED_CVR, level="Substantial", **extra):
    return supplier_identity_login(
        subject=subject,
        name="Kim Kjær",
        email="kim@example.dk",
        cvr=cvr,
        p_number=extra.get("p_number", ""),
        assurance_level=level,
        minimum_assurance="substantial",
    )


@pytest.fixture
def municipal(tilsyn):
    return [
        factories.SupplierFactory(name=n, cvr=SHARED_CVR, ownership=Supplier.Ownership.KOMMUNAL, socialtilsyn=tilsyn)
        for n in ("Bocenter", "Dagtilbud")
    ]


def test_unique_cvr_links_the_person_at_once_and_records_the_assurance_level(db, supplier):
    user = supplier_login(cvr=supplier.cvr, level="High", p_number="1012345678")

    assert list(user.suppliers.all()) == [supplier]
    assert user.role == Role.SUPPLIER
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.assurance_level, identity.cvr, identity.p_number) == ("High", supplier.cvr, "1012345678")
    assert SupplierLink.objects.get(user=user).status == SupplierLink.Status.CONFIRMED


def test_shared_cvr_gives_pending_links_and_no_supplier_until_confirmed(db, municipal):
    user = supplier_login()

    assert not user.suppliers.exists()
    assert set(SupplierLink.objects.filter(user=user).values_list("status", flat=True)) == {"pending"}
    assert SupplierLink.objects.filter(user=user).count() == 2


def test_logging_in_again_keeps_one_link_per_supplier_and_leaves_a_rejection_standing(db, municipal, consultant):
    user = supplier_login()
    rejected = SupplierLink.objects.filter(user=user).first()
    supplier_link_decide(link_id=rejected.pk, actor=consultant, confirm=False)

    again = supplier_login()

    assert again == user
    assert SupplierLink.objects.filter(user=user).count() == 2
    rejected.refresh_from_db()
    assert rejected.status == SupplierLink.Status.REJECTED


@pytest.mark.parametrize(
    ("cvr", "level", "reason"),
    [
        (SHARED_CVR, "Low", LoginRefused.ASSURANCE),
        (SHARED_CVR, "", LoginRefused.ASSURANCE),
        ("", "High", LoginRefused.NO_CVR),
        ("12345678", "High", LoginRefused.NO_CVR),
        ("29000018", "High", LoginRefused.NO_SUPPLIER),
    ],
)
def test_supplier_login_is_refused_without_storing_anything(db, municipal, cvr, level, reason):
    with pytest.raises(LoginRefused) as refused:
        supplier_login(cvr=cvr, level=level)

    assert refused.value.reason == reason
    assert not ExternalIdentity.objects.exists()
    assert not SupplierLink.objects.exists()


def test_staff_role_follows_the_group_mapping_on_every_login(db, tilsyn, other_tilsyn):
    StaffGroupMapping.objects.create(group="nord-konsulenter", role=Role.CONSULTANT, socialtilsyn=tilsyn)
    StaffGroupMapping.objects.create(group="fagadmins", role=Role.FAGADMIN)

    user = staff_identity_login(subject="s-1", name="Karen Konsulent", email="", groups=["nord-konsulenter"])
    assert (user.role, user.socialtilsyn, user.is_staff) == (Role.CONSULTANT, tilsyn, False)

    user = staff_identity_login(subject="s-1", name="Karen Konsulent", email="", groups=["fagadmins"])
    assert (user.role, user.socialtilsyn, user.is_staff) == (Role.FAGADMIN, None, True)

    user = staff_identity_login(subject="s-1", name="Karen Konsulent", email="", groups=["nord-konsulenter"])
    assert (user.role, user.is_staff) == (Role.CONSULTANT, False)
    assert ExternalIdentity.objects.filter(subject="s-1").count() == 1


def test_staff_login_without_a_mapped_group_is_refused_and_creates_no_user(db, tilsyn):
    StaffGroupMapping.objects.create(group="nord-konsulenter", role=Role.CONSULTANT, socialtilsyn=tilsyn)

    with pytest.raises(LoginRefused) as refused:
        staff_identity_login(subject="s-2", name="Ulla", email="", groups=["alle-ansatte"])

    assert refused.value.reason == LoginRefused.NO_GROUP
    assert not ExternalIdentity.objects.exists()


def test_group_mapping_cannot_give_the_supplier_role(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        StaffGroupMapping.objects.create(group="x", role=Role.SUPPLIER)


# --- who may confirm a link -----------------------------------------------------------------------------------


@pytest.fixture
def pending_link(municipal):
    supplier_login()
    return SupplierLink.objects.get(supplier=municipal[0])


@pytest.fixture
def colleague(municipal):
    return factories.SupplierUserFactory(username="kollega", suppliers=[municipal[0]])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("colleague", 302),
        ("consultant", 302),
        ("leader", 302),
        ("other_consultant", 404),
        ("other_leader", 404),
        ("supplier_user", 404),  # a user of another supplier of the same socialtilsyn
        ("fagadmin", 404),
        ("myndighed", 404),
        ("newcomer", 404),  # the person asking cannot confirm themselves
    ],
)
def test_only_a_colleague_at_the_supplier_or_its_socialtilsyn_may_confirm_a_link(
    client, user_for, pending_link, colleague, who, expected
):
    if who == "colleague":
        client.force_login(colleague)
    elif who == "newcomer":
        client.force_login(pending_link.user)
    elif who != "anonymous":
        client.force_login(user_for(who))

    response = client.post(reverse("accounts:supplier_link_decide", args=[pending_link.pk]), {"decision": "confirm"})

    pending_link.refresh_from_db()
    if expected == "login":
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == expected
    assert pending_link.status == ("confirmed" if expected == 302 else "pending")


def test_confirming_a_link_is_audited_with_who_and_when(client, pending_link, colleague):
    client.force_login(colleague)
    client.post(reverse("accounts:supplier_link_decide", args=[pending_link.pk]), {"decision": "confirm"})

    pending_link.refresh_from_db()
    assert pending_link.decided_by == colleague
    assert pending_link.decided_at is not None
    assert list(pending_link.user.suppliers.all()) == [pending_link.supplier]
    entry = AuditEntry.objects.get(action="supplier_link_confirm")
    assert (entry.actor, entry.object_id, entry.case) == (colleague, str(pending_link.pk), None)


def test_decide_view_accepts_only_post(client, pending_link, colleague):
    client.force_login(colleague)
    assert client.get(reverse("accounts:supplier_link_decide", args=[pending_link.pk])).status_code == 405


def test_a_decided_link_cannot_be_decided_again(db, pending_link, colleague, consultant):
    supplier_link_decide(link_id=pending_link.pk, actor=colleague, confirm=True)
    with pytest.raises(LinkNotAllowed):
        supplier_link_decide(link_id=pending_link.pk, actor=consultant, confirm=False)


@pytest.mark.django_db(transaction=True)
def test_two_people_deciding_at_once_end_with_one_decision_and_one_audit_entry(pending_link, colleague, consultant):
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(name, actor, confirm):
        try:
            barrier.wait()
            supplier_link_decide(link_id=pending_link.pk, actor=actor, confirm=confirm)
            outcomes[name] = "decided"
        except LinkNotAllowed:
            outcomes[name] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=("colleague", colleague, True)),
        threading.Thread(target=decide, args=("consultant", consultant, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["decided", "refused"]
    pending_link.refresh_from_db()
    assert pending_link.status != SupplierLink.Status.PENDING
    assert AuditEntry.objects.filter(action__startswith="supplier_link_", object_id=str(pending_link.pk)).count() == 1
    assert pending_link.user.suppliers.exists() == (pending_link.status == SupplierLink.Status.CONFIRMED)


def test_dashboard_shows_the_link_task_to_the_supplier_colleague_and_own_tilsyn_only(
    client, pending_link, colleague, consultant, other_consultant
):
    for user, shown in ((colleague, True), (consultant, True), (other_consultant, False)):
        client.force_login(user)
        page = client.get(reverse("core:dashboard")).content.decode()
        assert ("Nye brugere, der beder om adgang" in page) is shown, user


@pytest.mark.parametrize("who", ["consultant", "fagadmin", "myndighed"])
def test_pending_page_is_for_supplier_people_only(client, user_for, who):
    client.force_login(user_for(who))
    assert client.get(reverse("accounts:supplier_link_pending")).status_code == 404


def test_pending_page_lists_the_persons_own_pending_links(client, pending_link):
    client.force_login(pending_link.user)
    page = client.get(reverse("accounts:supplier_link_pending")).content.decode()
    assert "Bocenter" in page
    assert "Dagtilbud" in page


# --- password login switch and providers on the login page ----------------------------------------------------


def test_password_login_switched_off_refuses_a_correct_password_and_hides_the_form(
    client, settings, consultant, fagadmin
):
    settings.PASSWORD_LOGIN_ENABLED = False

    page = client.get(reverse("accounts:login")).content.decode()
    response = client.post(reverse("accounts:login"), {"username": consultant.username, "password": PASSWORD})

    assert 'name="password"' not in page
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    client.post("/admin/login/", {"username": fagadmin.username, "password": PASSWORD})  # the admin's login too
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:password_reset")).status_code == 404


def test_footer_offers_password_links_only_where_a_password_can_be_used(client, settings, consultant):
    assert "Glemt adgangskode" in client.get(reverse("accounts:login")).content.decode()
    client.force_login(consultant)
    assert "Skift adgangskode" in client.get(reverse("core:dashboard")).content.decode()

    consultant.set_unusable_password()  # a user who logs in through a provider
    consultant.save()
    client.force_login(consultant)
    assert "Skift adgangskode" not in client.get(reverse("core:dashboard")).content.decode()

    settings.PASSWORD_LOGIN_ENABLED = False
    client.logout()
    assert "Glemt adgangskode" not in client.get(reverse("accounts:login")).content.decode()


def test_password_login_on_by_default_still_works(client, consultant):
    response = client.post(reverse("accounts:login"), {"username": consultant.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(consultant.pk)


def test_login_page_offers_only_configured_providers(client, settings, db):
    settings.OIDC_PROVIDERS = {
        "supplier": {"issuer": "https://broker.example", "client_id": "a", "client_secret": "b"},
        "staff": {"issuer": "", "client_id": "", "client_secret": ""},
    }
    page = client.get(reverse("accounts:login")).content.decode()
    assert "MitID Erhverv" in page
    assert "medarbejder i socialtilsynet" not in page
    assert client.get(reverse("accounts:oidc_login_staff")).status_code == 404


def test_logout_without_a_provider_session_ends_on_our_login_page(client, consultant):
    client.force_login(consultant)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_unreachable_provider_gives_a_danish_page_not_a_server_error(client, settings, db):
    from .oidc_provider import free_port

    settings.OIDC_PROVIDERS = {
        "supplier": {"issuer": f"http://127.0.0.1:{free_port()}", "client_id": "a", "client_secret": "b"},
    }
    response = client.get(reverse("accounts:oidc_login_supplier"))

    assert response.status_code == 503
    assert "Vi kan ikke få forbindelse til login-tjenesten" in response.content.decode()


@pytest.mark.parametrize(
    ("iss", "aud", "accepted"),
    [
        ("https://broker.example", "our-client", True),
        ("https://broker.example", ["other", "our-client"], True),
        ("https://other-idp.example", "our-client", False),
        ("https://broker.example", "another-client", False),
    ],
)
def test_id_token_must_come_from_the_providers_issuer_and_name_our_client(iss, aud, accepted):
    import jwt
    from django.core.exceptions import SuspiciousOperation

    from accounts.oidc import OidcBackend, Provider

    secret = "a-client-secret-long-enough-for-hs256-0123456789"
    provider = Provider(
        key="supplier",
        issuer="https://broker.example",
        client_id="our-client",
        client_secret=secret,
        scopes="openid",
        sign_algo="HS256",
    )
    backend = OidcBackend()
    backend.provider = provider
    backend.OIDC_RP_SIGN_ALGO = "HS256"
    backend.OIDC_RP_CLIENT_SECRET = secret
    backend.OIDC_RP_IDP_SIGN_KEY = None
    token = jwt.encode({"iss": iss, "aud": aud, "sub": "s", "nonce": "n"}, secret, algorithm="HS256")

    if accepted:
        assert backend.verify_token(token, nonce="n")["sub"] == "s"
    else:
        with pytest.raises(SuspiciousOperation):
            backend.verify_token(token, nonce="n")


def test_deactivating_a_user_ends_their_open_provider_session(client, consultant):
    client.force_login(consultant, backend="accounts.oidc.OidcBackend")
    assert client.get(reverse("core:dashboard")).status_code == 200

    consultant.is_active = False
    consultant.save()

    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
