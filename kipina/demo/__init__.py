"""The demo organisation: seed_demo and demo_logins, and the data they are made of."""
