"""The plate pool (intranet): numbers released to the internet zone for self-selection,
withdrawals, the reserved and blocked series, and the choices reported back."""
