"""How the token authentication appears in the OpenAPI schema (drf-spectacular finds this extension by class)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "API-nøgle fra fagadministratoren: `Authorization: Bearer sv_…`.",
        }
