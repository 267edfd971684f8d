"""Guarantors (担保人) for the off-site ID card (二代证异地办理): the applicant names a Jinan
resident who vouches for them; the guarantor confirms or declines in their own account.

``portal`` is the internet zone's half (requests, the guarantor's pages, portal-side rules),
``desk`` the intranet's (registry checks on the case, responses recorded on its log). The rules
both halves enforce are data: ``data/rules.yaml``, read by ``rules``. See docs/guarantors.md.
"""
