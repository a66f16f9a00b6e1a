"""factory_boy factories. Posts go through the post service so their html and links are real."""

from typing import Any

import factory
from factory.django import DjangoModelFactory

from microposts.accounts.models import ApiToken, Follow, User
from microposts.posts.models import Like, Post, Repost
from microposts.posts.services import post_create

PASSWORD = "a long test password"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    display_name = factory.Faker("name")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class FollowFactory(DjangoModelFactory[Follow]):
    class Meta:
        model = Follow

    follower = factory.SubFactory(UserFactory)
    followed = factory.SubFactory(UserFactory)


class PostFactory(factory.Factory[Post]):
    """Builds through `post_create`, as every edge does."""

    class Meta:
        model = Post

    author = factory.SubFactory(UserFactory)
    text = factory.Faker("sentence")
    referenced = None

    @classmethod
    def _create(cls, model_class: type[Post], *args: Any, **kwargs: Any) -> Post:
        return post_create(**kwargs)

    @classmethod
    def _build(cls, model_class: type[Post], *args: Any, **kwargs: Any) -> Post:
        raise NotImplementedError("posts are only made through post_create")


class LikeFactory(DjangoModelFactory[Like]):
    class Meta:
        model = Like

    user = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)


class RepostFactory(DjangoModelFactory[Repost]):
    class Meta:
        model = Repost

    user = factory.SubFactory(UserFactory)
    post = factory.SubFactory(PostFactory)


def token_for(user: User) -> str:
    """A valid bearer token for `user`, made without the password check of the login endpoint."""
    import secrets  # noqa: PLC0415
    from datetime import timedelta  # noqa: PLC0415

    from django.utils import timezone  # noqa: PLC0415

    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, key_hash=ApiToken.hash_of(token), expires=timezone.now() + timedelta(days=1)
    )
    return token
