"""People and their sign-ins."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class User(Model):
    """A person: a reporter by default, an agent through team memberships, an admin or superuser by grant."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True, description="Stored lower-cased")
    display_name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=255, null=True, description="Argon2id hash, null for SSO-only users")
    is_superuser = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    email_confirmed = fields.BooleanField(
        default=True, description="False for a self-registered account until its confirmation link is opened")
    language = fields.CharField(max_length=8, null=True, description="Language of the emails the person receives")
    is_guest = fields.BooleanField(
        default=False, db_default=False, description="Filed a ticket without an account: no password, follows tickets through "
        "emailed links until claiming the account by registering with this email")
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "loket_user"

    def __str__(self) -> str:
        return f"{self.display_name} <{self.email}>"


class ExternalAccount(Model):
    """Links a user to an identity at an external provider (e.g. a ministry's single sign-on)."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("loket.User", related_name="external_accounts", on_delete=fields.CASCADE)
    provider = fields.CharField(max_length=64)
    subject = fields.CharField(max_length=255)
    attributes = fields.JSONField(default=dict)
    linked_existing = fields.BooleanField(  # a database default: existing rows get it when the column is added
        default=False, db_default=False, description="Linked to an account that existed before (which keeps its password sign-in), "
        "not created by this sign-in")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loket_external_account"
        unique_together = (("provider", "subject"),)


class AuthSession(Model):
    """One sign-in and the bearer token that stands for it now.

    Signing out revokes it, and an expired or revoked session admits no one. Refreshing it
    (``loket.core.auth.renewal``) replaces its token and moves its expiry, never beyond ``ends_at``; the replaced
    token works for a short grace, and presented later revokes the session.
    """

    id = fields.UUIDField(primary_key=True)
    user = fields.ForeignKeyField("loket.User", related_name="sessions", on_delete=fields.CASCADE)
    method = fields.CharField(max_length=64, description="'password' or the external provider's name")
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    token_id = fields.CharField(max_length=32, default="", description="The jti of the token that stands for "
                                "the session now (empty: its first token, issued without one)")
    previous_token_id = fields.CharField(max_length=32, null=True,
                                         description="The jti of the token the last refresh replaced")
    rotated_at = fields.DatetimeField(null=True, description="When the last refresh replaced a token")
    ends_at = fields.DatetimeField(null=True, description="Absolute end: no refresh extends the session beyond "
                                   "it (null: created_at plus the configured session lifetime)")

    class Meta:
        table = "loket_auth_session"


class AccountToken(Model):
    """A single-use, expiring link sent by email (confirm an address, reset a password).

    Purposes: confirm_email, reset_password, invitation (a caller an agent registered sets a password) and
    guest_access (a guest follows their tickets).

    Only the SHA-256 hash of the random token is stored.
    """

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("loket.User", related_name="account_tokens", on_delete=fields.CASCADE)
    purpose = fields.CharField(max_length=32, description="confirm_email or reset_password")
    token_hash = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(
        max_length=255, null=True, description="A guest claiming the account: the password chosen, set on confirming")
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "loket_account_token"
