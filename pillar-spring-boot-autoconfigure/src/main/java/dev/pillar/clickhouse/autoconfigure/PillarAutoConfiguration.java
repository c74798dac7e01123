package dev.pillar.clickhouse.autoconfigure;

import java.util.Properties;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.pillar.clickhouse.migration.Migration;
import dev.pillar.clickhouse.migration.MigrationListener;
import dev.pillar.clickhouse.migration.MigrationProvider;
import dev.pillar.clickhouse.migration.PillarConfiguration;
import dev.pillar.clickhouse.migration.PillarMigrator;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.Assert;

/**
 * Auto-configuration for Pillar's ClickHouse migrations: a {@link PillarMigrator} over every {@link Migration} bean,
 * the migrations of every {@link MigrationProvider} bean and the SQL files under {@code pillar.clickhouse.locations},
 * and, unless {@code pillar.clickhouse.migrate-on-startup=false}, a {@link PillarMigrationInitializer} that applies
 * pending migrations before beans that depend on database initialization are created.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnBooleanProperty(name = "pillar.clickhouse.enabled", matchIfMissing = true)
@Conditional(PillarAutoConfiguration.PillarDataSourceCondition.class)
@EnableConfigurationProperties(PillarProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class PillarAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PillarMigrator pillarMigrator(PillarProperties properties,
			@PillarDataSource ObjectProvider<DataSource> pillarDataSource, ObjectProvider<Migration> migrations,
			ObjectProvider<MigrationProvider> providers, ResourceLoader resourceLoader,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<MigrationListener> listeners) {
		DataSource qualified = pillarDataSource.getIfAvailable();
		DataSource dataSource = (qualified != null) ? qualified : dataSource(properties, false);
		JdbcTemplate jdbc = jdbcTemplate(dataSource, properties);
		// on a cluster, rows that claim success wait for a quorum of replicas; a qualified data source is the
		// user's to configure so
		JdbcTemplate confirmedWrites = (properties.getCluster() != null && qualified == null)
				? jdbcTemplate(dataSource(properties, true), properties) : jdbc;
		PillarConfiguration configuration = PillarMigrator.configure()
			.jdbc(jdbc)
			.confirmedWrites(confirmedWrites)
			.migrations(Stream.concat(migrations.orderedStream(),
					providers.orderedStream().flatMap((provider) -> provider.migrations().stream()))
				.toList())
			.locations(properties.getLocations())
			.resourceLoader(resourceLoader)
			.table(properties.getTable())
			.validateOnMigrate(properties.isValidateOnMigrate())
			.outOfOrder(properties.isOutOfOrder())
			.lockLease(properties.getLock().getLease())
			.lockWaitTimeout(properties.getLock().getWaitTimeout())
			.retryAttempts(properties.getRetry().getAttempts())
			.retryBackoff(properties.getRetry().getBackoff())
			.cluster(properties.getCluster())
			.placeholders(properties.getPlaceholders())
			.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
			.listeners(listeners.orderedStream().toList());
		if (properties.getUsername() != null) {
			configuration.installedBy(properties.getUsername());
		}
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
	PillarMigrationInitializer pillarMigrationInitializer(PillarMigrator migrator, PillarProperties properties,
			ObjectProvider<ObservationRegistry> observations) {
		return new PillarMigrationInitializer(migrator, properties.getBaselineVersion(),
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnProperty(PillarCommandRunner.COMMAND)
	PillarCommandRunner pillarCommandRunner(PillarMigrator migrator, ConfigurableApplicationContext context,
			Environment environment) {
		return new PillarCommandRunner(migrator, context, environment.getRequiredProperty(PillarCommandRunner.COMMAND),
				environment.getProperty(PillarCommandRunner.STEPS, Integer.class),
				environment.getProperty(PillarCommandRunner.TARGET, Long.class),
				environment.getProperty(PillarCommandRunner.DRY_RUN, Boolean.class, false));
	}

	/**
	 * A connection per operation, from the driver directly: Pillar runs rarely, and an application whose primary
	 * data source is another database keeps it.
	 */
	private static DataSource dataSource(PillarProperties properties, boolean quorum) {
		String url = properties.getUrl();
		Assert.state(url != null, "pillar.clickhouse.url is not set");
		Properties driver = new Properties();
		driver.putAll(properties.getProperties());
		if (properties.getUsername() != null) {
			driver.setProperty("user", properties.getUsername());
		}
		if (properties.getPassword() != null) {
			driver.setProperty("password", properties.getPassword());
		}
		if (properties.getDatabase() != null) {
			driver.setProperty("database", properties.getDatabase());
		}
		driver.putIfAbsent("connection_timeout", Long.toString(properties.getConnectTimeout().toMillis()));
		// the driver retries a refused connection 3 times by default, turning connect-timeout into 4x it; Pillar's
		// own pillar.clickhouse.retry decides what is retried
		driver.putIfAbsent("retry", "0");
		if (properties.getCluster() != null) {
			driver.putIfAbsent("clickhouse_setting_distributed_ddl_task_timeout",
					Long.toString(properties.getDistributedDdlTaskTimeout().toSeconds()));
			if (quorum) {
				driver.put("clickhouse_setting_insert_quorum", Integer.toString(properties.getInsertQuorum()));
			}
		}
		driver.putIfAbsent("socket_timeout",
				Long.toString(properties.getQueryTimeout().plus(properties.getConnectTimeout()).toMillis()));
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
		dataSource.setConnectionProperties(driver);
		return dataSource;
	}

	static final class PillarDataSourceCondition extends AnyNestedCondition {

		PillarDataSourceCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("pillar.clickhouse.url")
		private static final class UrlCondition {

		}

		@Conditional(QualifiedDataSourceCondition.class)
		private static final class PillarDataSourceBeanCondition {

		}

	}

	/**
	 * Matches a {@code @PillarDataSource} bean, also one declared {@code defaultCandidate = false}, which
	 * {@code @ConditionalOnBean} does not see.
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
