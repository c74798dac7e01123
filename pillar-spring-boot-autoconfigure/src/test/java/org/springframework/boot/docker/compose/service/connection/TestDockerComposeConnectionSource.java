package org.springframework.boot.docker.compose.service.connection;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.core.env.Environment;

/**
 * Makes the connection source that Spring Boot's Docker Compose support hands to
 * connection details factories, whose constructor is package-private, so that factories
 * are tested without a Docker engine.
 */
public final class TestDockerComposeConnectionSource {

	private TestDockerComposeConnectionSource() {
	}

	public static DockerComposeConnectionSource of(RunningService service, Environment environment) {
		return new DockerComposeConnectionSource(service, environment);
	}

}
