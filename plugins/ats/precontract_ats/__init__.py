"""The precontract connector: a web service hosting thin plugins for SaaS applicant-tracking
systems (Recruitee, Teamtailor, Bullhorn)."""
