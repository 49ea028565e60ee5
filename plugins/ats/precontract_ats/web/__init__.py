"""The connector's web app: admin screens, the recruiter page and the ATS endpoints."""

from precontract_ats.web.app import create_app

__all__ = ["create_app"]
