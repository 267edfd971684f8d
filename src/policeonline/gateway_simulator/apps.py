from django.apps import AppConfig


class GatewaySimulatorConfig(AppConfig):
    name = "policeonline.gateway_simulator"
    label = "gateway_simulator"
    verbose_name = "Payment gateway simulator"
