"""Development tools: Home Assistant with the integration against the simulator."""
