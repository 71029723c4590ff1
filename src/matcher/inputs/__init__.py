"""matcher.inputs."""
