"""Deliberate exceptions to "public APIs only": each module here uses one private or unusual
interface of another project because a measured, user-visible figure needs it. Each is listed in
docs/ARCHITECTURE.md with its figure, is pinned in pyproject.toml where it touches a library, and
has a test against the stock behaviour it relies on."""
