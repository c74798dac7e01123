package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;

import dev.pillar.clickhouse.migration.AbstractMigrationLockContractTests;
import dev.pillar.clickhouse.migration.MigrationLock;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lock contract against a real ClickHouse, in a fresh database per test.
 */
@ClickHouseTest
class ClickHouseMigrationLockIntegrationTests extends AbstractMigrationLockContractTests {

	private static final String TABLE = "pillar_migrations_lock";

	private TestDatabase db;

	private JdbcTemplate jdbc;

	@BeforeEach
	void connect(TestDatabase db) {
		this.db = db;
		this.jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl()));
	}

	@Override
	protected MigrationLock lock(String owner, Duration lease, Duration waitTimeout) {
		return new ClickHouseMigrationLock(this.jdbc, this.jdbc, TABLE, null, () -> owner, lease, waitTimeout);
	}

	@Override
	protected void holderDied(String owner, Duration lease) {
		// what a holder leaves when killed right after winning: its attempt, never
		// renewed nor released
		lock(owner, lease, Duration.ZERO).withLock(() -> null);
		this.db.query("INSERT INTO " + TABLE + " (token, owner, acquired_at, expires_at, released) SELECT 'dead', '"
				+ owner + "', now(), now() + " + lease.toSeconds() + ", 0");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aWaiterSaysWhoHoldsTheLockAndSinceWhen(CapturedOutput output) {
		holderDied("12345@build-host", Duration.ofSeconds(60));
		MigrationLock waiter = lock("waiter", Duration.ofSeconds(60), Duration.ofSeconds(1));
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> waiter.withLock(() -> null));
		assertThat(output).containsPattern("INFO .* Waiting for the migration lock " + TABLE
				+ ": held by 12345@build-host since \\d{4}-\\d{2}-\\d{2}T[0-9:]+Z; giving up after 1 s");
	}

	@Test
	void itsTableIsTheTraceOfAMigratedDatabase() {
		MigrationLock lock = lock("one", Duration.ofSeconds(10), Duration.ZERO);
		assertThat(lock.existsInDatabase()).isFalse();
		lock.withLock(() -> null);
		assertThat(lock.existsInDatabase()).isTrue();
		assertThat(this.db.tableExists(TABLE)).isTrue();
	}

}
