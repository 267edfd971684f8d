from django.contrib.auth.backends import ModelBackend

from policeonline.core import rows

from .models import User


class IdentifierBackend(ModelBackend):
    """Sign in with a resident ID number, a unified social credit code or a mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        user = User.objects.by_identifier(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in account, for every request that asks who it is: one plain SELECT
        (ADR 0040) instead of a queryset, the same row and checks as ``ModelBackend``'s."""
        found = rows.select(User, "id = %s", [rows.prep(User, "id", user_id)])
        return found[0] if found and self.user_can_authenticate(found[0]) else None
