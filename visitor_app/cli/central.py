"""Command line for the central rode-draden process (being written)."""


def add_commands(command) -> None:
    return None
