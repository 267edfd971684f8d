"""Client of the payment gateway SIMULATOR (``policeonline.gateway_simulator``): the same
shape as a real gateway's SDK — Ed25519-signed JSON both ways."""
