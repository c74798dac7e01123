package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pillar.clickhouse.migration.AbstractMigrationLockContractTests;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ProxiedJdbc;
import dev.pillar.clickhouse.migration.lock.MigrationLock;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.FaultProxy;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
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

	private final List<FaultProxy> proxies = new ArrayList<>();

	@BeforeEach
	void connect(TestDatabase db) {
		this.db = db;
		this.jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl()));
	}

	@Override
	protected MigrationLock lock(String owner, Duration lease, Duration waitTimeout) {
		return new ClickHouseMigrationLock(this.jdbc, writer(this.jdbc), TABLE, null, () -> owner, lease, waitTimeout);
	}

	@Override
	protected CutOffLock cutOffLock(String owner, Duration lease) {
		FaultProxy proxy = FaultProxy.inFrontOf(this.db.jdbcUrl());
		this.proxies.add(proxy);
		JdbcTemplate jdbc = new JdbcTemplate(ProxiedJdbc.withoutRetries(proxy.uncompressedJdbcUrl(this.db.jdbcUrl())));
		return new CutOffLock(
				new ClickHouseMigrationLock(jdbc, writer(jdbc), TABLE, null, () -> owner, lease, Duration.ZERO),
				() -> proxy.cut("INSERT INTO " + TABLE, Integer.MAX_VALUE));
	}

	@AfterEach
	void closeProxies() {
		this.proxies.forEach(FaultProxy::close);
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
	@ExtendWith(OutputCaptureExtension.class)
	void aLockRowThatCannotBeReadIsReportedAndSkipped(CapturedOutput output) {
		lock("first", Duration.ofSeconds(10), Duration.ZERO).withLock(() -> null);
		// a dead holder's row as a hand edit or another version might leave it
		this.db.query("INSERT INTO " + TABLE + " (token, owner, acquired_at, expires_at, released, intent, progress) "
				+ "SELECT 'unreadable', 'someone', now() - 10, now() - 5, 0, 'sideways one', 'x:y'");
		assertThat(lock("next", Duration.ofSeconds(10), Duration.ZERO).withLock(() -> "ran")).isEqualTo("ran");
		assertThat(output).contains("Skipping a migration lock row that Pillar cannot read, and releasing it: token "
				+ "unreadable, owner someone, intent 'sideways one', progress [x:y]");
		assertThat(this.db.query("SELECT max(released) FROM " + TABLE + " WHERE token = 'unreadable'"))
			.isEqualTo("1\n");
	}

	@Test
	void aLockWonWhoseFollowUpWriteFailsIsReleased() {
		holderDied("leaky", Duration.ofSeconds(2));
		try (FaultProxy proxy = FaultProxy.inFrontOf(this.db.jdbcUrl())) {
			JdbcTemplate cut = new JdbcTemplate(
					ProxiedJdbc.withoutRetries(proxy.uncompressedJdbcUrl(this.db.jdbcUrl())));
			// the winner releases the dead holder's lease on its behalf: that write fails
			proxy.cut("'dead'", 1);
			MigrationLock lock = new ClickHouseMigrationLock(cut, writer(cut), TABLE, null, () -> "unlucky",
					Duration.ofSeconds(60), Duration.ofSeconds(10));
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> lock.withLock(() -> "ran"));
			assertThat(proxy.dropped()).isEqualTo(1);
		}
		// no lease of the failed winner is left behind to wait for
		assertThat(lock("next", Duration.ofSeconds(10), Duration.ZERO).withLock(() -> "ran")).isEqualTo("ran");
	}

	@Test
	void aLeaseShorterThanTwoSecondsIsRefused() {
		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(() -> lock("hasty", Duration.ofMillis(1500), Duration.ZERO))
			.withMessage("The migration lock's lease of 1500 ms is too short");
	}

	@Test
	void itsTableIsTheTraceOfAMigratedDatabase() {
		MigrationLock lock = lock("one", Duration.ofSeconds(10), Duration.ZERO);
		assertThat(lock.existsInDatabase()).isFalse();
		lock.withLock(() -> null);
		assertThat(lock.existsInDatabase()).isTrue();
		assertThat(this.db.tableExists(TABLE)).isTrue();
	}

	private static ConfirmedWriter writer(JdbcTemplate jdbc) {
		return new ConfirmedWriter(jdbc, false, null, Duration.ofSeconds(1));
	}

}
