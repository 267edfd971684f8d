"""The public transparency log (ADR 0028): every case event, as hashes only, appended to a
Merkle-tree log (RFC 6962/9162 hashing) whose signed tree heads the portal publishes.

This package is pure Python (no Django) so that anyone can run the verifier:
``merkle`` (trees and proofs), ``entries`` (the canonical log entry and the case tag),
``heads`` (signed tree heads), ``bundle`` (a citizen's proof bundle and its check) and
``verify`` (the command line). The intranet's log lives in ``transparency.log``, the
portal's copy and pages in ``transparency.portal``.
"""
