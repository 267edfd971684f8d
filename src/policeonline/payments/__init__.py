"""Online fee payment (办证费用网上支付), internet zone: fee orders, payment providers (plugins),
signed callbacks, query catch-up, refunds, reconciliation, receipts. ADR 0022."""
