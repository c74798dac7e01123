package dev.pillar.clickhouse.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.Map;
import java.util.TreeMap;

import dev.pillar.clickhouse.migration.PillarConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties start from the core's defaults, and every setting of the core is a
 * property (or is set by the auto-configuration on purpose).
 */
class PillarPropertiesTests {

	@Test
	void defaultValuesAreTheCores() {
		PillarProperties properties = new PillarProperties();
		PillarConfiguration configuration = new PillarConfiguration();
		assertThat(properties.getTable()).isEqualTo(configuration.getTable());
		assertThat(properties.isValidateOnMigrate()).isEqualTo(configuration.isValidateOnMigrate());
		assertThat(properties.isOutOfOrder()).isEqualTo(configuration.isOutOfOrder());
		assertThat(properties.getLock().getLease()).isEqualTo(configuration.getLockLease());
		assertThat(properties.getLock().getWaitTimeout()).isEqualTo(configuration.getLockWaitTimeout());
		assertThat(properties.getRetry().getAttempts()).isEqualTo(configuration.getRetryAttempts());
		assertThat(properties.getRetry().getBackoff()).isEqualTo(configuration.getRetryBackoff());
		assertThat(properties.getMutationTimeout()).isEqualTo(configuration.getMutationTimeout());
		assertThat(properties.getCluster()).isEqualTo(configuration.getCluster());
		assertThat(properties.getPlaceholders()).isEqualTo(configuration.getPlaceholders());
		assertThat(properties.getPlaceholdersToMask()).isEqualTo(configuration.getPlaceholdersToMask());
		assertThat(properties.getLocations()).isEqualTo(configuration.getLocations());
		assertThat(properties.getRecovery().isEnabled()).isEqualTo(configuration.isRecover());
		assertThat(properties.getRecovery().isKillRunning()).isEqualTo(configuration.isRecoveryKillRunning());
		assertThat(properties.getBaselineVersion()).isEqualTo(configuration.getBaselineVersion());
	}

	@Test
	void everySettingOfTheCoreIsAProperty() {
		Map<String, PropertyDescriptor> properties = index(new PillarProperties());
		flatten(properties, "lock", new PillarProperties.Lock());
		flatten(properties, "retry", new PillarProperties.Retry());
		flatten(properties, "recovery", new PillarProperties.Recovery());
		// recovery.enabled is the core's recover
		properties.put("recover", properties.remove("recoveryEnabled"));
		Map<String, PropertyDescriptor> configuration = index(new PillarConfiguration());
		// what only Boot has: the connection, when to migrate, health, driver properties
		ignore(properties, "enabled", "url", "username", "password", "database", "migrateOnStartup", "connectTimeout",
				"queryTimeout", "distributedDdlTaskTimeout", "health", "properties");
		// objects, and values the auto-configuration derives: databaseUser from the
		// connection, jdbc from the url, the
		// resource loader from the application, the secret redactor from the placeholders
		// and the connection
		ignore(configuration, "jdbc", "migrations", "jdbcMigrations", "observationRegistry", "listeners", "lock",
				"databaseUser", "resourceLoader", "lockTable", "resolvedPlaceholders", "secretRedactor");
		assertThat(configuration.keySet()).containsExactlyElementsOf(properties.keySet());
	}

	private static Map<String, PropertyDescriptor> index(Object bean) {
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(bean);
		Map<String, PropertyDescriptor> index = new TreeMap<>();
		for (PropertyDescriptor descriptor : wrapper.getPropertyDescriptors()) {
			index.put(descriptor.getName(), descriptor);
		}
		ignore(index, "class");
		return index;
	}

	/** {@code lock.lease} is the core's {@code lockLease}. */
	private static void flatten(Map<String, PropertyDescriptor> index, String prefix, Object nested) {
		ignore(index, prefix);
		index(nested).forEach((name, descriptor) -> index
			.put(prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1), descriptor));
	}

	private static void ignore(Map<String, ?> index, String... names) {
		for (String name : names) {
			assertThat(index.remove(name)).as("property to ignore: " + name).isNotNull();
		}
	}

}
