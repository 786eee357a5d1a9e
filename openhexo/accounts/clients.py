"""OAuth2 clients and API keys: creating, listing and revoking them.

An API key is a confidential OAuth2 client allowing the password and authorization-code
grants, whose client_id is the public key and whose secret is the private key; the secret is
kept verifiable since Hexoskin's signature scheme hashes it with each request. Other clients
keep only a hash of their secret, shown once at creation.
"""

from django.db import transaction
from oauth2_provider.generators import generate_client_id, generate_client_secret
from oauth2_provider.models import get_access_token_model, get_refresh_token_model

from .models import OAuthClient, User

GRANTS = {
    "authorization-code": OAuthClient.GRANT_AUTHORIZATION_CODE,
    "implicit": OAuthClient.GRANT_IMPLICIT,
    "password": OAuthClient.GRANT_PASSWORD,
    "client-credentials": OAuthClient.GRANT_CLIENT_CREDENTIALS,
}


def create_client(
    user: User,
    grants: list[str],
    redirect_uris: list[str] = (),
    public: bool = False,
    readonly: bool = False,
    name: str = "",
    api_key: bool = False,
) -> tuple[OAuthClient, str]:
    """A new client and its secret in clear (the only time it can be read)."""
    unknown = sorted(set(grants) - set(GRANTS))
    if unknown or not grants:
        raise ValueError(f"Unknown grant types: {unknown or 'none given'}; use {sorted(GRANTS)}.")
    secret = "" if public else generate_client_secret()
    client = OAuthClient(
        user=user,
        client_id=generate_client_id(),
        client_secret=secret,
        hash_client_secret=not api_key,
        client_type=OAuthClient.CLIENT_PUBLIC if public else OAuthClient.CLIENT_CONFIDENTIAL,
        authorization_grant_type=GRANTS[grants[0]],
        extra_grant_types=[GRANTS[grant] for grant in grants[1:]],
        redirect_uris=" ".join(redirect_uris),
        readonly=readonly,
        is_api_key=api_key,
        name=name or ("API key" if api_key else "OAuth2 client"),
    )
    client.full_clean()
    client.save()
    return client, secret


def create_api_key(user: User, readonly: bool = False) -> tuple[OAuthClient, str]:
    return create_client(
        user, ["password", "authorization-code"], readonly=readonly, name="API key", api_key=True
    )


@transaction.atomic
def revoke_tokens(tokens) -> None:
    """Delete access tokens with the refresh tokens that could renew them."""
    get_refresh_token_model().objects.filter(access_token__in=tokens).delete()
    tokens.delete()


@transaction.atomic
def revoke_client(client: OAuthClient) -> None:
    """Delete the client with every token it was given."""
    get_refresh_token_model().objects.filter(application=client).delete()
    get_access_token_model().objects.filter(application=client).delete()
    client.delete()
