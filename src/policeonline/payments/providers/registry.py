from .base import PaymentProvider

_PROVIDERS: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    _PROVIDERS[provider.code] = provider
    return provider


def get(code: str) -> PaymentProvider:
    return _PROVIDERS[code]


def default() -> PaymentProvider:
    from policeonline.payments import conf

    return get(conf.get("PAYMENT_PROVIDER"))
