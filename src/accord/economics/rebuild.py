"""Rebuild the shipped response file: ``python -m accord.economics.rebuild``.

Run it after the ``sanction-simulator`` network changes; it prints the size of the
file and the time the two dense solves took.
"""

from __future__ import annotations

from accord.economics.network import load_network
from accord.economics.response import SHIPPED, compute_responses, save_responses


def main() -> None:
    """Recompute the multipliers from the installed ICIO network and write them."""
    network = load_network()
    responses = compute_responses(network)
    save_responses(responses, network, SHIPPED)
    size = SHIPPED.stat().st_size / 1e6
    print(f"wrote {SHIPPED} ({size:.1f} MB); precomputation took {responses.seconds:.1f} s")


if __name__ == "__main__":
    main()
