import getpass
import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from microposts.accounts.services import user_create
from microposts.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Create a MicroPosts user. The password is asked for, or read from "
        "MICROPOSTS_PASSWORD when --noinput is given."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--display-name", default="")
        parser.add_argument("--staff", action="store_true", help="may use the admin")
        parser.add_argument("--noinput", "--no-input", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["noinput"]:
            password = os.environ.get("MICROPOSTS_PASSWORD", "")
            if not password:
                raise CommandError("Set MICROPOSTS_PASSWORD to give the password with --noinput.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            user = user_create(
                username=options["username"],
                password=password,
                email=options["email"],
                display_name=options["display_name"],
                is_staff=options["staff"],
            )
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"Created user {user.username}."))
