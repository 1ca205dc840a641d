"""GraphQL enums made from the domain's: one definition, the GraphQL names in upper case."""

import enum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=enum.Enum)


def graphql_enum(domain: type[enum.Enum], name: str, description: str) -> type[enum.Enum]:
    """``domain``'s members as a GraphQL enum (``venue_staff`` → ``VENUE_STAFF``), same order."""
    members = {member.name.upper(): member.value for member in domain}
    return strawberry.enum(enum.Enum(name, members), description=description)


def domain_value(domain: type[E], value: enum.Enum) -> E:
    """The domain member a GraphQL enum value stands for."""
    return domain(value.value)
