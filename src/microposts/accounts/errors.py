from microposts.core.errors import InvalidInput, NotFound


class UserNotFound(NotFound):
    def __init__(self, username: str) -> None:
        super().__init__(f"User '{username}' not found")
        self.username = username


class InvalidUsername(InvalidInput):
    pass


class UsernameTaken(InvalidInput):
    def __init__(self, username: str) -> None:
        super().__init__(f"The username '{username}' is taken")


class InvalidPassword(InvalidInput):
    pass


class SelfFollow(InvalidInput):
    def __init__(self) -> None:
        super().__init__("You cannot follow yourself")


class NotFollowing(NotFound):
    def __init__(self, username: str) -> None:
        super().__init__(f"You do not follow '{username}'")


class InvalidCredentials(InvalidInput):
    def __init__(self) -> None:
        super().__init__("Invalid username or password")


class SelfDeactivation(InvalidInput):
    def __init__(self) -> None:
        super().__init__("You cannot deactivate your own account")


class InvalidProfileField(InvalidInput):
    """A profile field the rules refuse; `field` names it, so a form can show the message there."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class WrongPassword(InvalidInput):
    def __init__(self) -> None:
        super().__init__("Your old password was entered incorrectly. Please enter it again.")
