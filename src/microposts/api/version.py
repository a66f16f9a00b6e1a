"""The running version of MicroPosts: what an operator or a client asks after an upgrade."""

from django.http import HttpRequest
from ninja import Router, Schema

from microposts import __version__

router = Router(tags=["service"])


class VersionOut(Schema):
    version: str


@router.get("/version", response=VersionOut, auth=None, summary="The package's version")
def version(request: HttpRequest) -> VersionOut:
    return VersionOut(version=__version__)
