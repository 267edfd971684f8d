"""Fee payment, intranet zone (the back office's side): the fee a case must pay is decided
here when its workflow reaches the payment point (effect ``request_payment``); the portal
collects it and reports back; a case closed without grant after that gets its fee back."""
