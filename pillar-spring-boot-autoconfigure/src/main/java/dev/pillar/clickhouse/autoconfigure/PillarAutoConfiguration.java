package dev.pillar.clickhouse.autoconfigure;

import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.pillar.clickhouse.migration.JdbcMigration;
import dev.pillar.clickhouse.migration.Migration;
import dev.pillar.clickhouse.migration.MigrationListener;
import dev.pillar.clickhouse.migration.MigrationProvider;
import dev.pillar.clickhouse.migration.PillarConfiguration;
import dev.pillar.clickhouse.migration.PillarMigrator;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Auto-configuration for Pillar's ClickHouse migrations: a {@link PillarMigrator} over
 * every {@link Migration} and {@link JdbcMigration} bean, the migrations of every
 * {@link MigrationProvider} bean and the SQL files under
 * {@code pillar.clickhouse.locations}, and, unless
 * {@code pillar.clickhouse.migrate-on-startup=false}, a
 * {@link PillarMigrationInitializer} that applies pending migrations before beans that
 * depend on database initialization are created.
 * <p>
 * The ClickHouse it migrates is, first match wins: a
 * {@link PillarDataSource @PillarDataSource} bean; a service connection's or
 * {@code pillar.clickhouse.url}'s {@link PillarConnectionDetails}; the application's
 * {@code DataSource} when it is ClickHouse. When there are migrations and none of these,
 * start-up fails saying what to set.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnBooleanProperty(name = "pillar.clickhouse.enabled", matchIfMissing = true)
@Conditional(PillarAutoConfiguration.PillarCondition.class)
@EnableConfigurationProperties(PillarProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class PillarAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(PillarConnectionDetails.class)
	@ConditionalOnProperty("pillar.clickhouse.url")
	PropertiesPillarConnectionDetails pillarConnectionDetails(PillarProperties properties) {
		return new PropertiesPillarConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	PillarMigrator pillarMigrator(PillarProperties properties,
			@PillarDataSource ObjectProvider<DataSource> pillarDataSource,
			ObjectProvider<PillarConnectionDetails> connectionDetails, ObjectProvider<DataSource> dataSource,
			ObjectProvider<Migration> migrations, ObjectProvider<JdbcMigration> jdbcMigrations,
			ObjectProvider<MigrationProvider> providers, ResourceLoader resourceLoader,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<MigrationListener> listeners,
			ObjectProvider<PillarConfigurationCustomizer> customizers) {
		List<Migration> all = Stream
			.concat(migrations.orderedStream(),
					providers.orderedStream().flatMap((provider) -> provider.migrations().stream()))
			.toList();
		List<JdbcMigration> code = jdbcMigrations.orderedStream().toList();
		PillarConnection connection = new PillarConnectionResolver(properties).resolve(
				pillarDataSource.getIfAvailable(), connectionDetails.getIfAvailable(), dataSource.getIfUnique(),
				() -> Stream
					.concat(Stream.concat(all.stream(), code.stream())
						.map((migration) -> migration.getClass().getSimpleName()),
							SqlMigrationFilesCondition.files(resourceLoader, properties.getLocations()).stream())
					.toList());
		JdbcTemplate jdbc = jdbcTemplate(connection.dataSource(), properties);
		PillarConfiguration configuration = PillarMigrator.configure()
			.jdbc(jdbc)
			.insertQuorum(properties.getInsertQuorum())
			.databaseUser(connection.username())
			.migrations(all)
			.jdbcMigrations(code)
			.locations(properties.getLocations())
			.resourceLoader(resourceLoader)
			.table(properties.getTable())
			.validateOnMigrate(properties.isValidateOnMigrate())
			.outOfOrder(properties.isOutOfOrder())
			.baselineVersion(properties.getBaselineVersion())
			.lockLease(properties.getLock().getLease())
			.lockWaitTimeout(properties.getLock().getWaitTimeout())
			.retryAttempts(properties.getRetry().getAttempts())
			.retryBackoff(properties.getRetry().getBackoff())
			.recover(properties.getRecovery().isEnabled())
			.recoveryWait((properties.getRecovery().getWait() != null) ? properties.getRecovery().getWait()
					: properties.getQueryTimeout())
			.recoveryKillRunning(properties.getRecovery().isKillRunning())
			.mutationTimeout(properties.getMutationTimeout())
			.cluster(properties.getCluster())
			.placeholders(properties.getPlaceholders())
			.placeholdersToMask(properties.getPlaceholdersToMask())
			.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
			.listeners(listeners.orderedStream().toList());
		if (properties.getInstalledBy() != null) {
			configuration.installedBy(properties.getInstalledBy());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(configuration));
		return configuration.load();
	}

	private static JdbcTemplate jdbcTemplate(DataSource dataSource, PillarProperties properties) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.setQueryTimeout((int) properties.getQueryTimeout().toSeconds());
		return jdbc;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "pillar.clickhouse.migrate-on-startup", matchIfMissing = true)
	PillarMigrationInitializer pillarMigrationInitializer(PillarMigrator migrator,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<PillarMigrationStrategy> strategy) {
		return new PillarMigrationInitializer(migrator, observations.getIfAvailable(() -> ObservationRegistry.NOOP),
				strategy.getIfAvailable());
	}

	@Bean
	@ConditionalOnProperty(PillarCommandRunner.COMMAND)
	PillarCommandRunner pillarCommandRunner(PillarMigrator migrator, ConfigurableApplicationContext context,
			Environment environment) {
		return new PillarCommandRunner(migrator, context, environment.getRequiredProperty(PillarCommandRunner.COMMAND),
				environment.getProperty(PillarCommandRunner.STEPS, Integer.class),
				environment.getProperty(PillarCommandRunner.TARGET, Long.class),
				environment.getProperty(PillarCommandRunner.DRY_RUN, Boolean.class, false),
				environment.getProperty(PillarCommandRunner.FROM_STATEMENT, Integer.class));
	}

	/**
	 * Whether Pillar has somewhere to migrate or something to migrate. Migrations with
	 * nowhere to run fail the start-up (see {@link PillarConnectionMissingException})
	 * instead of being skipped.
	 */
	static final class PillarCondition extends AnyNestedCondition {

		PillarCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("pillar.clickhouse.url")
		private static final class UrlCondition {

		}

		@ConditionalOnBean(PillarConnectionDetails.class)
		private static final class ConnectionDetailsCondition {

		}

		@Conditional(QualifiedDataSourceCondition.class)
		private static final class PillarDataSourceBeanCondition {

		}

		@Conditional(ClickHouseDataSourceUrlCondition.class)
		private static final class ApplicationDataSourceCondition {

		}

		@ConditionalOnBean(Migration.class)
		private static final class MigrationsCondition {

		}

		@ConditionalOnBean(JdbcMigration.class)
		private static final class JdbcMigrationsCondition {

		}

		@ConditionalOnBean(MigrationProvider.class)
		private static final class MigrationProvidersCondition {

		}

		@Conditional(SqlMigrationFilesCondition.class)
		private static final class SqlMigrationFilesPresentCondition {

		}

	}

	/**
	 * Matches an application data source whose URL ({@code spring.datasource.url}) is
	 * ClickHouse's.
	 */
	static final class ClickHouseDataSourceUrlCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url");
			ConditionMessage.Builder message = ConditionMessage.forCondition("ClickHouse spring.datasource.url");
			return ClickHouseJdbcUrl.isClickHouse(url) ? ConditionOutcome.match(message.because("is ClickHouse's"))
					: ConditionOutcome.noMatch(message.because("is not set to ClickHouse"));
		}

	}

	/**
	 * Matches a {@code @PillarDataSource} bean, also one declared
	 * {@code defaultCandidate = false}, which {@code @ConditionalOnBean} does not see.
	 */
	static final class QualifiedDataSourceCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			ConditionMessage.Builder message = ConditionMessage.forCondition("@PillarDataSource bean");
			if (beanFactory != null) {
				for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
					if (beanFactory.findAnnotationOnBean(name, PillarDataSource.class) != null) {
						return ConditionOutcome.match(message.found("bean").items(name));
					}
				}
			}
			return ConditionOutcome.noMatch(message.didNotFind("bean").atAll());
		}

	}

}
