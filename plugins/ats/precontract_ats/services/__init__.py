"""The connector's services: plain functions over a SQLAlchemy session (and the secret box where
secrets are involved). The web pages, the plugins and the worker all go through them."""
