package dev.pillar.clickhouse.autoconfigure;

import java.util.List;

import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.SqlMigrationFiles;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when SQL-file migrations exist under {@code pillar.clickhouse.locations}: like
 * migration beans, they switch Pillar on, so that an application that has them but no
 * ClickHouse fails its start instead of skipping them. Also matches, without looking,
 * when a ClickHouse URL is configured, since Pillar is on then.
 */
class SqlMigrationFilesCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		if (StringUtils.hasText(environment.getProperty("pillar.clickhouse.url"))
				|| ClickHouseJdbcUrl.isClickHouse(environment.getProperty("spring.datasource.url"))) {
			// Pillar is on anyway: a search of the whole classpath at start-up would only
			// repeat the one the migrator makes
			return ConditionOutcome.match(ConditionMessage.forCondition("SQL-file migrations")
				.because("were not looked for, as a ClickHouse URL is configured"));
		}
		List<String> locations = Binder.get(environment)
			.bind("pillar.clickhouse.locations", Bindable.listOf(String.class))
			.orElse(List.of(SqlMigrationFiles.DEFAULT_LOCATION));
		ConditionMessage.Builder message = ConditionMessage.forCondition("SQL-file migrations", locations);
		// found, not read: Pillar's beans read them
		List<String> files = new SqlMigrationFiles(context.getResourceLoader()).find(locations);
		return files.isEmpty() ? ConditionOutcome.noMatch(message.didNotFind("SQL-file migration").atAll())
				: ConditionOutcome.match(message.found("SQL-file migration", "SQL-file migrations").items(files));
	}

	/**
	 * The SQL-file migrations under some locations, for a message.
	 * @param resourceLoader where to look
	 * @param locations the locations
	 * @return their sources; a file the resolver refuses counts as found, so that the
	 * start reports it
	 */
	static List<String> files(ResourceLoader resourceLoader, List<String> locations) {
		try {
			return new SqlMigrationFiles(resourceLoader).read(locations)
				.stream()
				.map(ResolvedMigration::source)
				.toList();
		}
		catch (PillarException ex) {
			return List.of(String.join(", ", locations));
		}
	}

}
