"""Internet zone: the portal's copy of the transparency log, the heads it checked and
published, the applicant's proof bundle and the public verification page (ADR 0028)."""
