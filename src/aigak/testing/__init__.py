"""Helpers for tests of aigak and of projects built on it: a throwaway PostgreSQL server, fixtures."""
