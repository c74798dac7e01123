package dev.pillar.clickhouse.autoconfigure;

import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Pillar's command line is read from the application's arguments only: a
 * {@code pillar.command} (or one of its options) from any other property source (the
 * environment, a configuration file, a system property) would run again at every start,
 * so start-up is refused, naming where it comes from, before anything runs. When the
 * application is started with {@code --pillar.command=...}, it is a command-line run: no
 * web server, and nothing migrated on startup (a {@code status} or {@code rollback} must
 * not migrate first), no banner.
 */
final class PillarCommandEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static final List<String> COMMAND_LINE_ONLY = List.of(PillarCommandRunner.COMMAND,
			PillarCommandRunner.STEPS, PillarCommandRunner.TARGET, PillarCommandRunner.DRY_RUN,
			PillarCommandRunner.FROM_STATEMENT);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			refuseOutsideTheCommandLine(source);
		}
		if (environment.containsProperty(PillarCommandRunner.COMMAND)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("pillarCommand", Map.of("spring.main.web-application-type", "none",
						"spring.main.banner-mode", "off", "pillar.clickhouse.migrate-on-startup", "false")));
		}
	}

	private static void refuseOutsideTheCommandLine(PropertySource<?> source) {
		if (source instanceof CommandLinePropertySource
				|| ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
			return;
		}
		ConfigurationPropertySource properties = ConfigurationPropertySource.from(source);
		if (properties == null) {
			return;
		}
		for (String name : COMMAND_LINE_ONLY) {
			ConfigurationProperty property = properties.getConfigurationProperty(ConfigurationPropertyName.of(name));
			if (property != null) {
				throw new PillarCommandSourceException(name, property.getValue(), source.getName(),
						property.getOrigin());
			}
		}
	}

}
