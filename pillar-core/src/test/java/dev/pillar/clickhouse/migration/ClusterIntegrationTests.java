package dev.pillar.clickhouse.migration;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pillar.clickhouse.migration.internal.ClickHouseMigrationLock;
import dev.pillar.clickhouse.migration.internal.ConfirmedWriter;
import dev.pillar.clickhouse.migration.lock.MigrationLock;
import dev.pillar.clickhouse.test.ClickHouseCluster;
import dev.pillar.clickhouse.test.ClickHouseCluster.Replica;
import dev.pillar.clickhouse.test.ClickHouseTags;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pillar on a real cluster: one ZooKeeper and two ClickHouse replicas of one shard on
 * loopback ({@code scripts/clickhouse.sh cluster-start}).
 */
@ClickHouseTest
@Tag(ClickHouseTags.CLUSTER)
class ClusterIntegrationTests {

	private final ClickHouseCluster cluster = ClickHouseCluster.shared();

	private final Replica r1 = this.cluster.replicas().get(0);

	private final Replica r2 = this.cluster.replicas().get(1);

	private String db;

	@BeforeEach
	void createDatabase() {
		this.db = this.cluster.createDatabase();
	}

	@AfterEach
	void dropDatabase() {
		for (Replica replica : this.cluster.replicas()) {
			if (!answers(replica)) {
				replica.start();
			}
		}
		this.cluster.dropDatabase(this.db);
	}

	@Test
	void aMigrationOnClusterReachesBothReplicasAndEitherReadsTheHistory() {
		List<MigrationRun> runs = migrator(this.r1, replicated("events")).migrate();

		assertThat(runs).extracting(MigrationRun::version).containsExactly(20250101000000L);
		for (Replica replica : this.cluster.replicas()) {
			assertThat(exists(replica, "events")).as(replica.name()).isTrue();
			assertThat(exists(replica, "pillar_migrations")).as(replica.name()).isTrue();
		}
		PillarMigrator viaR2 = migrator(this.r2, replicated("events"));
		assertThat(viaR2.status().inState(MigrationState.APPLIED)).extracting(MigrationInfo::version)
			.containsExactly(20250101000000L);
		assertThat(viaR2.migrate()).isEmpty();
		assertThat(viaR2.verifyCluster()).hasSize(2).allSatisfy((report) -> {
			assertThat(report.reachable()).isTrue();
			assertThat(report.inSync()).isTrue();
			assertThat(report.historyRows()).isEqualTo(1);
			assertThat(report.missingTables()).isEmpty();
		});
	}

	@Test
	void pillarsTablesHaveOnePathForTheWholeClusterWithoutTheShard() {
		migrator(this.r1, replicated("events")).migrate();

		// a {shard} in the path would give each shard its own lock and its own history
		assertThat(this.r1.server()
			.query("SELECT table, zookeeper_path, replica_name FROM system.replicas WHERE database = '" + this.db
					+ "' AND table LIKE 'pillar%' ORDER BY table"))
			.isEqualTo("pillar_migrations\t/clickhouse/pillar/" + this.db + "/pillar_migrations\t01-r1\n"
					+ "pillar_migrations_lock\t/clickhouse/pillar/" + this.db + "/pillar_migrations_lock\t01-r1\n");
	}

	@Test
	void aQuorumBelowTheReplicasOfPillarsTablesIsRefusedBeforeAnythingRuns() {
		PillarMigrator migrator = migrator(this.r1, replicated("events"), 1);

		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.kind()).isEqualTo(PillarException.Kind.LOCK_UNAVAILABLE);
			assertThat(ex.getMessage()).contains("insert_quorum 1", "below the 2 replicas", "Nothing was run");
			assertThat(ex.action()).contains("insert quorum", "to 2");
		});
		assertThat(exists(this.r1, "events")).isFalse();
		assertThat(this.r1.server().query("SELECT count() FROM " + this.db + ".pillar_migrations_lock").trim())
			.isEqualTo("0");
	}

	@Test
	void tablesOfAnEarlierVersionWithTheShardInTheirPathKeepWorking() {
		String engine = " ON CLUSTER " + ClickHouseCluster.NAME + " %s ENGINE = ReplicatedMergeTree("
				+ "'/clickhouse/tables/{shard}/" + this.db + "/%s', '{replica}') ORDER BY %s";
		this.r1.server()
			.query("CREATE TABLE " + this.db + ".pillar_migrations"
					+ String.format(engine,
							"(sequence UInt64, version UInt64, name String, event String, checksum String, "
									+ "statements UInt32, statements_done UInt32, execution_ms UInt64, host String, "
									+ "installed_by String, error String, executed_at DateTime)",
							"pillar_migrations", "sequence"));
		this.r1.server()
			.query("CREATE TABLE " + this.db + ".pillar_migrations_lock"
					+ String.format(engine,
							"(token String, owner String, acquired_at DateTime, expires_at DateTime, released UInt8, "
									+ "intent String, progress String)",
							"pillar_migrations_lock", "token"));
		awaitActive("pillar_migrations");
		awaitActive("pillar_migrations_lock");

		assertThat(migrator(this.r1, replicated("events")).migrate()).hasSize(1);
		assertThat(migrator(this.r2, replicated("events")).migrate()).isEmpty();
		assertThat(this.r2.server()
			.query("SELECT zookeeper_path FROM system.replicas WHERE database = '" + this.db
					+ "' AND table = 'pillar_migrations'")
			.trim()).isEqualTo("/clickhouse/tables/01/" + this.db + "/pillar_migrations");
	}

	@Test
	void aDatabaseNamedWithADashIsAnOrdinaryName() {
		String dashed = "my-db-" + this.db;
		this.r1.server().query("CREATE DATABASE `" + dashed + "` ON CLUSTER " + ClickHouseCluster.NAME);
		try {
			String previous = this.db;
			this.db = dashed;
			PillarMigrator migrator = migrator(this.r1,
					List.of(ResolvedMigration.of(20250101000000L, "noop", List.of("SELECT 1"), List.of(), "test")));
			this.db = previous;

			assertThat(migrator.migrate()).extracting(MigrationRun::version).containsExactly(20250101000000L);
			assertThat(this.r2.server().query("SELECT count() FROM `" + dashed + "`.pillar_migrations"))
				.isEqualTo("1\n");
			assertThat(migrator.verifyCluster()).hasSize(2)
				.allSatisfy((report) -> assertThat(report.inSync()).isTrue());
		}
		finally {
			for (Replica replica : this.cluster.replicas()) {
				replica.server().query("DROP DATABASE IF EXISTS `" + dashed + "`");
			}
		}
	}

	@Test
	void aClusterNamedWithADashIsAnOrdinaryName() {
		// the user's own SQL quotes the name as a string; Pillar's own quotes it itself
		List<Migration> migrations = List.of(ResolvedMigration.of(20250101000000L, "events",
				List.of("CREATE TABLE {db}.events ON CLUSTER '{cluster}' (id UInt64) ENGINE = "
						+ "ReplicatedMergeTree('/clickhouse/tables/{shard}/{db}/events', '{replica}') ORDER BY id"),
				List.of(), "test"));

		assertThat(migrator(this.r1, migrations, 0, ClickHouseCluster.DASHED_NAME).migrate())
			.extracting(MigrationRun::version)
			.containsExactly(20250101000000L);
		assertThat(migrator(this.r2, migrations, 0, ClickHouseCluster.DASHED_NAME).migrate()).isEmpty();
		assertThat(
				this.r2.server().query("SELECT count() FROM " + this.db + ".pillar_migrations WHERE event = 'applied'"))
			.isEqualTo("1\n");
		assertThat(this.r2.server().query("EXISTS TABLE " + this.db + ".events")).isEqualTo("1\n");
		assertThat(migrator(this.r2, migrations, 0, ClickHouseCluster.DASHED_NAME).verifyCluster()).hasSize(2)
			.allSatisfy((report) -> assertThat(report.inSync()).isTrue());
	}

	@Test
	void instancesOnDifferentReplicasApplyEachMigrationOnce() throws Exception {
		List<Migration> migrations = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			// no IF NOT EXISTS: applying one twice fails
			migrations.add(ResolvedMigration.of(20250101000000L + i, "table_" + i,
					List.of("CREATE TABLE {db}.t" + i + " ON CLUSTER {cluster} (id UInt64) ENGINE = "
							+ "ReplicatedMergeTree('/clickhouse/tables/{shard}/{db}/t" + i
							+ "', '{replica}') ORDER BY id"),
					List.of(), "test"));
		}
		assertThat(ConcurrentMigrationIntegrationTests
			.migrateTogether(this.cluster.replicas().stream().map((replica) -> migrator(replica, migrations)).toList()))
			.isEqualTo(3);
		assertThat(this.r2.server()
			.query("SELECT version, count() FROM " + this.db + ".pillar_migrations "
					+ "WHERE event = 'applied' GROUP BY version ORDER BY version"))
			.isEqualTo("20250101000000\t1\n20250101000001\t1\n20250101000002\t1\n");
	}

	@Test
	void instancesOnDifferentShardsApplyEachOnClusterMigrationOnce() throws Exception {
		List<Replica> shards = this.cluster.shards();
		List<Migration> migrations = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			// no IF NOT EXISTS: applied twice, ON CLUSTER fails on the host that has it
			migrations.add(ResolvedMigration.of(
					20250101000000L + i, "table_" + i, List.of("CREATE TABLE {db}.t" + i
							+ " ON CLUSTER {cluster} (id UInt64) ENGINE = MergeTree " + "ORDER BY id"),
					List.of(), "test"));
		}
		assertThat(ConcurrentMigrationIntegrationTests.migrateTogether(
				shards.stream().map((shard) -> migrator(shard, migrations, 2, ClickHouseCluster.SHARDS)).toList()))
			.isEqualTo(3);
		for (Replica shard : shards) {
			assertThat(shard.server()
				.query("SELECT version, count() FROM " + this.db + ".pillar_migrations "
						+ "WHERE event = 'applied' GROUP BY version ORDER BY version"))
				.as(shard.name())
				.isEqualTo("20250101000000\t1\n20250101000001\t1\n20250101000002\t1\n");
			assertThat(shard.server()
				.query("SELECT name FROM system.tables WHERE database = '" + this.db
						+ "' AND name LIKE 't%' ORDER BY name"))
				.as(shard.name())
				.isEqualTo("t0\nt1\nt2\n");
		}
	}

	@Test
	void tablesOfAnEarlierVersionOnePerShardAreRefusedAndMoveAsTheMessageSays() {
		Replica s1 = this.cluster.shards().get(0);
		Map<String, String> tables = Map.of("pillar_migrations",
				"(sequence UInt64, version UInt64, name String, event String, checksum String, statements UInt32, "
						+ "statements_done UInt32, execution_ms UInt64, host String, installed_by String, "
						+ "error String, executed_at DateTime)",
				"pillar_migrations_lock", "(token String, owner String, acquired_at DateTime, expires_at DateTime, "
						+ "released UInt8, intent String, progress String)");
		tables.forEach((table, columns) -> s1.server()
			.query("CREATE TABLE " + this.db + "." + table + " ON CLUSTER " + ClickHouseCluster.SHARDS + " " + columns
					+ " ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + this.db + "/" + table
					+ "', '{replica}') ORDER BY " + (table.endsWith("_lock") ? "token" : "sequence")));
		PillarMigrator migrator = migrator(s1, replicated("events"), 2, ClickHouseCluster.SHARDS);

		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.getMessage()).contains(
					"table " + this.db + ".pillar_migrations_lock has 1 replica(s) but cluster pillar_shards has 2 "
							+ "hosts",
					"/clickhouse/tables/01/" + this.db + "/pillar_migrations_lock", "Nothing was run");
			assertThat(ex.action()).contains("/clickhouse/pillar/<database>/T", "RENAME TABLE T TO T_old");
		});
		assertThat(exists(s1, "events")).isFalse();

		// the move, as the action says
		tables.forEach((table, columns) -> {
			String t = this.db + "." + table;
			s1.server()
				.query("CREATE TABLE " + t + "_moved ON CLUSTER " + ClickHouseCluster.SHARDS + " AS " + t
						+ " ENGINE = ReplicatedMergeTree('/clickhouse/pillar/" + this.db + "/" + table
						+ "', '{shard}-{replica}') ORDER BY " + (table.endsWith("_lock") ? "token" : "sequence"));
			s1.server().query("INSERT INTO " + t + "_moved SELECT * FROM " + t);
			s1.server()
				.query("RENAME TABLE " + t + " TO " + t + "_old, " + t + "_moved TO " + t + " ON CLUSTER "
						+ ClickHouseCluster.SHARDS);
		});
		assertThat(migrator.migrate()).hasSize(1);
	}

	@Test
	void instancesOnTwoReplicasNeverHoldTheLockTogetherWhileOneReplicaFetchesNothing() throws Exception {
		// Pillar's tables, then one replica stops fetching the lock rows written on the
		// other: plain data sources, with no insert_quorum of their own
		migrator(this.r1, replicated("events")).migrate();
		String lockTable = this.db + ".pillar_migrations_lock";
		this.r2.server().query("SYSTEM STOP FETCHES " + lockTable);
		AtomicInteger holders = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		AtomicInteger held = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> instances = new ArrayList<>();
			for (Replica replica : this.cluster.replicas()) {
				JdbcTemplate jdbc = jdbc(replica);
				MigrationLock lock = new ClickHouseMigrationLock(jdbc,
						new ConfirmedWriter(jdbc, true, null, Duration.ofSeconds(1)), lockTable, ClickHouseCluster.NAME,
						replica::address, Duration.ofSeconds(4), Duration.ofMinutes(1));
				instances.add(pool.submit(() -> {
					for (int i = 0; i < 3; i++) {
						lock.withLock((hold) -> {
							most.accumulateAndGet(holders.incrementAndGet(), Math::max);
							pause(300);
							hold.ensureHeld();
							holders.decrementAndGet();
							return held.incrementAndGet();
						});
					}
					return null;
				}));
			}
			Thread.sleep(4000);
			this.r2.server().query("SYSTEM START FETCHES " + lockTable);
			for (Future<?> instance : instances) {
				instance.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			this.r2.server().query("SYSTEM START FETCHES " + lockTable);
			pool.shutdownNow();
		}
		assertThat(held).hasValue(6);
		assertThat(most).hasValue(1);
	}

	@Test
	void aStoppedReplicaIsNamedNothingClaimsSuccessAndResumeCompletesOnceItIsBack() {
		migrator(this.r1, replicated("events")).migrate();
		this.r2.stop();

		List<Migration> withLater = new ArrayList<>(replicated("events"));
		withLater.add(ResolvedMigration.of(20250102000000L, "create_later",
				List.of("CREATE TABLE IF NOT EXISTS {db}.later ON CLUSTER {cluster} (id UInt64) ENGINE = "
						+ "ReplicatedMergeTree('/clickhouse/tables/{shard}/{db}/later', '{replica}') ORDER BY id"),
				List.of(), "test"));
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator(this.r1, withLater).migrate())
			.withMessageContaining("not answering: " + this.r2.address())
			.withMessageContaining("Code: 285");
		assertThat(this.r1.server()
			.query("SELECT count() FROM " + this.db + ".pillar_migrations " + "WHERE version = 20250102000000"))
			.isEqualTo("0\n");

		this.r2.start();
		awaitActive("pillar_migrations_lock");
		assertThat(migrator(this.r1, withLater).migrate()).extracting(MigrationRun::version)
			.containsExactly(20250102000000L);
		assertThat(exists(this.r2, "later")).isTrue();
	}

	@Test
	void aReplicaLostMidMigrationFailsNamingItAndResumeFinishesWhenItReturns() throws Exception {
		migrator(this.r1, replicated("events")).migrate();
		List<Migration> withSlow = new ArrayList<>(replicated("events"));
		withSlow.add(ResolvedMigration.of(20250103000000L, "slow_then_on_cluster", List.of("SELECT sleep(2)",
				"CREATE TABLE IF NOT EXISTS {db}.late ON CLUSTER {cluster} (id UInt64) ENGINE = "
						+ "ReplicatedMergeTree('/clickhouse/tables/{shard}/{db}/late', '{replica}') ORDER BY id"),
				List.of(), "test"));
		PillarMigrator migrator = migrator(this.r1, withSlow);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<List<MigrationRun>> running = pool.submit(migrator::migrate);
			Thread.sleep(700);
			this.r2.crash();
			// with a replica down, the lease cannot be renewed with the quorum: the
			// holder is no longer sure of the lock, and writes nothing more
			assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
				.isThrownBy(() -> running.get(1, TimeUnit.MINUTES))
				.havingCause()
				.isInstanceOf(PillarException.class)
				.withMessageContaining("Lost the migration lock while running migration 20250103000000 "
						+ "(slow_then_on_cluster): statement 1 ran, statement 2 failed (")
				.withMessageContaining("distributed_ddl_task_timeout")
				.withMessageContaining("not answering: " + this.r2.address());
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.r1.server()
			.query("SELECT count() FROM " + this.db + ".pillar_migrations WHERE version = 20250103000000"))
			.isEqualTo("0\n");

		this.r2.start();
		awaitActive("pillar_migrations_lock");
		PillarMigrator next = migrator(this.r1, withSlow);
		assertThatExceptionOfType(PillarException.class).isThrownBy(next::migrate)
			.withMessageContaining("was interrupted");
		assertThat(next.resume(2)).extracting(MigrationRun::statements).containsExactly(1);
		assertThat(exists(this.r2, "late")).isTrue();
		assertThat(migrator(this.r2, withSlow).status().pendingCount()).isZero();
	}

	// behind a load balancer a statement may reach another replica than the look-up of
	// its lost answer: every replica's query log is read
	@Test
	void aLostAnswerOfAStatementThatReachedAnotherReplicaIsFoundInThatReplicasQueryLog() {
		migrator(this.r1, replicated("events")).migrate();
		this.r1.server()
			.query("CREATE TABLE " + this.db + ".local ON CLUSTER " + ClickHouseCluster.NAME
					+ " (id UInt64) ENGINE = MergeTree ORDER BY id");
		try (FaultProxy balancer = FaultProxy.inFrontOf(this.r1.jdbcUrl(this.db))) {
			// the INSERT reaches r2, and its answer is lost on the way back
			balancer.route("/*to-r2*/",
					URI.create(this.r2.jdbcUrl(this.db).replaceFirst("^jdbc:clickhouse:", "http:")));
			balancer.loseAnswer("/*to-r2*/", 1);
			DriverManagerDataSource dataSource = new DriverManagerDataSource(
					balancer.uncompressedJdbcUrl(this.r1.jdbcUrl(this.db)));
			Properties properties = new Properties();
			properties.setProperty("retry", "0");
			dataSource.setConnectionProperties(properties);
			List<Migration> migrations = new ArrayList<>(replicated("events"));
			migrations.add(ResolvedMigration.of(20250102000000L, "insert_local",
					List.of("INSERT INTO {db}.local /*to-r2*/ VALUES (1)"), List.of(), "test"));
			PillarMigrator migrator = PillarMigrator.configure()
				.jdbc(new JdbcTemplate(dataSource))
				.migrations(migrations)
				.retryAttempts(2)
				.retryBackoff(Duration.ofMillis(50))
				.cluster(ClickHouseCluster.NAME)
				.placeholders(Map.of("db", this.db))
				.load();

			assertThat(migrator.migrate()).extracting(MigrationRun::version).containsExactly(20250102000000L);
			assertThat(balancer.requests("/*to-r2*/")).isEqualTo(1);
		}
		assertThat(this.r2.server().query("SELECT count() FROM " + this.db + ".local")).isEqualTo("1\n");
		assertThat(this.r1.server().query("SELECT count() FROM " + this.db + ".local")).isEqualTo("0\n");
		assertThat(this.r1.server()
			.query("SELECT version, event FROM " + this.db + ".pillar_migrations ORDER BY sequence"))
			.isEqualTo("20250101000000\tapplied\n20250102000000\tapplied\n");
	}

	@Test
	void aMutationOfAReplicatedTableIsDoneWhenEveryReplicaHasDoneIt() {
		List<Migration> migrations = new ArrayList<>(readings("(1, '12', 0), (2, '34', 0)"));
		migrations.add(ResolvedMigration.of(20250102000000L, "convert_readings",
				List.of("ALTER TABLE {db}.readings UPDATE value = toUInt64(raw) + sleepEachRow(0.5) WHERE 1"),
				List.of(), "test"));

		assertThat(migrator(this.r1, migrations).migrate()).hasSize(2);

		// done on both when migrate returns: each replica has rewritten its own parts
		for (Replica replica : this.cluster.replicas()) {
			assertThat(replica.server()
				.query("SELECT is_done FROM system.mutations WHERE database = '" + this.db
						+ "' AND table = 'readings'"))
				.as(replica.name())
				.isEqualTo("1\n");
			assertThat(replica.server().query("SELECT value FROM " + this.db + ".readings ORDER BY id"))
				.as(replica.name())
				.isEqualTo("12\n34\n");
		}
	}

	@Test
	void aFailingMutationOfAReplicatedTableFailsTheMigrationNamingIt() {
		List<Migration> migrations = new ArrayList<>(readings("(1, '12', 0), (2, 'abc', 0)"));
		migrations.add(ResolvedMigration.of(20250102000000L, "convert_readings",
				List.of("ALTER TABLE {db}.readings UPDATE value = toUInt64(raw) WHERE 1"), List.of(), "test"));

		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator(this.r1, migrations)::migrate)
			.satisfies((ex) -> assertThat(ex.clickHouseMessage())
				.startsWith("Mutation 0000000000 of table " + this.db + ".readings")
				.contains(" failed: Code: 6")
				.contains("Cannot parse string 'abc' as UInt64")
				// a replicated table's mutation is in ZooKeeper, not in a file
				.contains("this server has no KILL MUTATION, so it stops only when the table is dropped, then fix"));
		assertThat(this.r2.server()
			.query("SELECT version, event FROM " + this.db + ".pillar_migrations " + "ORDER BY sequence"))
			.isEqualTo("20250101000000\tapplied\n20250102000000\tfailed\n");
	}

	private List<Migration> readings(String rows) {
		return List.of(ResolvedMigration.of(20250101000000L, "create_readings", List.of(
				"CREATE TABLE {db}.readings ON CLUSTER {cluster} (id UInt64, raw String, value UInt64) ENGINE = "
						+ "ReplicatedMergeTree('/clickhouse/tables/{shard}/{db}/readings', '{replica}') ORDER BY id",
				"INSERT INTO {db}.readings VALUES " + rows), List.of(), "test"));
	}

	private List<Migration> replicated(String table) {
		return List.of(ResolvedMigration.of(20250101000000L, "create_" + table,
				List.of("CREATE TABLE IF NOT EXISTS {db}." + table + " ON CLUSTER {cluster} (id UInt64) ENGINE = "
						+ "ReplicatedMergeTree('/clickhouse/tables/{shard}/{db}/" + table
						+ "', '{replica}') ORDER BY id"),
				List.of("DROP TABLE IF EXISTS {db}." + table + " ON CLUSTER {cluster}"), "test"));
	}

	private PillarMigrator migrator(Replica replica, List<? extends Migration> migrations) {
		// the default insert quorum: every replica
		return migrator(replica, migrations, 0);
	}

	private PillarMigrator migrator(Replica replica, List<? extends Migration> migrations, int quorum) {
		return migrator(replica, migrations, quorum, ClickHouseCluster.NAME);
	}

	private PillarMigrator migrator(Replica replica, List<? extends Migration> migrations, int quorum, String cluster) {
		return PillarMigrator.configure()
			.jdbc(jdbc(replica))
			.insertQuorum((quorum > 0) ? quorum : null)
			.migrations(migrations)
			.lockLease(Duration.ofSeconds(6))
			.lockWaitTimeout(Duration.ofMinutes(1))
			.cluster(cluster)
			.placeholders(Map.of("db", this.db))
			.load();
	}

	private JdbcTemplate jdbc(Replica replica) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(replica.jdbcUrl(this.db));
		Properties properties = new Properties();
		properties.setProperty("retry", "0");
		properties.setProperty("clickhouse_setting_distributed_ddl_task_timeout", "5");
		dataSource.setConnectionProperties(properties);
		return new JdbcTemplate(dataSource);
	}

	/**
	 * A restarted replica counts for quorum once its ZooKeeper session is back: as an
	 * operator, wait for it.
	 */
	private void awaitActive(String table) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!this.r1.server()
			.query("SELECT active_replicas FROM system.replicas WHERE database = '" + this.db + "' AND table = '"
					+ table + "'")
			.trim()
			.equals("2")) {
			assertThat(System.nanoTime()).as("replica r2 active again within 60 s").isLessThan(deadline);
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private boolean exists(Replica replica, String table) {
		return replica.server().query("EXISTS TABLE " + this.db + "." + table).trim().equals("1");
	}

	private static boolean answers(Replica replica) {
		try {
			replica.server().query("SELECT 1");
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
