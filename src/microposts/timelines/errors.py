from microposts.core.errors import NotFound


class TagNotFound(NotFound):
    def __init__(self, tag: str) -> None:
        super().__init__(f"No post has the hashtag #{tag}")
        self.tag = tag
