from django.contrib.auth.backends import ModelBackend

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
