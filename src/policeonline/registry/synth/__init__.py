"""Synthetic registry data: plain records drawn from one random.Random, no database access.

Everything here is deterministic for a seed and a person count (the synthetic "today" is fixed
too), and every ID number, plate and VIN is well-formed and unique.
"""
