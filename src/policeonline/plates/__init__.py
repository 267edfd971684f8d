"""Plate self-selection (机动车号牌网上选号), internet zone: the numbers the intranet released,
held and allocated here under row locks with no round trip. The GA 36 rules both zones use are
in ``core.plate_rules``."""
