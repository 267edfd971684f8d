"""Transport plugins register under a name; settings.EXCHANGE_TRANSPORT picks one."""

from django.conf import settings

from .base import Transport

_transports: dict[str, type[Transport]] = {}


def register(cls: type[Transport]) -> type[Transport]:
    _transports[cls.name] = cls
    return cls


def get_transport_class(name: str) -> type[Transport]:
    try:
        return _transports[name]
    except KeyError:
        raise LookupError(f"exchange transport {name!r} is not installed; known: "
                          f"{sorted(_transports)}") from None


def configured_transport() -> Transport:
    config = settings.EXCHANGE_TRANSPORT
    return get_transport_class(config["name"])(settings.ZONE, **config.get("options", {}))
