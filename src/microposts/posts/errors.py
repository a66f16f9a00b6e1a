from microposts.core.errors import Forbidden, InvalidInput, NotFound


class PostNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("Micropost not found")


class EmptyText(InvalidInput):
    def __init__(self) -> None:
        super().__init__("Field 'text' must not be empty")


class TextTooLong(InvalidInput):
    def __init__(self, limit: int) -> None:
        super().__init__(f"Field 'text' is too long: at most {limit} characters")
        self.limit = limit


class ReferencedUserNotFound(InvalidInput):
    def __init__(self, username: str) -> None:
        super().__init__(f"Referenced user '{username}' not found")


class NotYourPost(Forbidden):
    def __init__(self) -> None:
        super().__init__("You can only change your own microposts")


class SearchTooShort(InvalidInput):
    def __init__(self, minimum: int) -> None:
        super().__init__(f"Parameter 'text' needs at least {minimum} characters")
