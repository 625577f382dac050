"""Documents made from a visitation: printable guides and overviews (no Qt here)."""
