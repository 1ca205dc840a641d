"""Sending a document on both paths: as served, and with compiled plans turned off."""

from tests.builders import gql


async def both(client, paths, query, variables, token):
    """The body as served, the body from graphql-core, and whether a plan answered."""
    before = paths.answered()
    served = await gql(client, query, variables, token=token)
    planned = paths.answered() - before
    paths.off()
    try:
        general = await gql(client, query, variables, token=token)
    finally:
        paths.on()
    return served, general, planned == 1
