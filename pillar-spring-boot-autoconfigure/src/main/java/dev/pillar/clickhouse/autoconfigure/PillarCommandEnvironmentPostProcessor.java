package dev.pillar.clickhouse.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When the application is started with {@code --pillar.command=...}, it is a command-line
 * run: no web server, and nothing migrated on startup (a {@code status} or
 * {@code rollback} must not migrate first), no banner.
 */
final class PillarCommandEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(PillarCommandRunner.COMMAND)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("pillarCommand", Map.of("spring.main.web-application-type", "none",
						"spring.main.banner-mode", "off", "pillar.clickhouse.migrate-on-startup", "false")));
		}
	}

}
