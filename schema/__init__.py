"""Loket's GraphQL surface: types, queries, mutations and subscriptions over core's services."""
