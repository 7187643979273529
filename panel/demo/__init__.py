"""A believable demo dataset: a dealer group with a 4S store, a repair shop and a taxi fleet."""

from panel.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo_data

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "load_demo_data"]
