package dev.pillar.clickhouse.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import dev.pillar.clickhouse.migration.Migration;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.test.ClickHouseCluster;
import dev.pillar.clickhouse.test.ClickHouseCluster.Replica;
import dev.pillar.clickhouse.test.ClickHouseTags;
import dev.pillar.clickhouse.test.ClickHouseTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration on a real two-replica cluster
 * ({@code scripts/clickhouse.sh cluster-start}): the cluster properties reach the engine.
 */
@ClickHouseTest
@Tag(ClickHouseTags.CLUSTER)
class PillarClusterAutoConfigurationIntegrationTests {

	private final ClickHouseCluster cluster = ClickHouseCluster.shared();

	private String db;

	@BeforeEach
	void createDatabase() {
		this.db = this.cluster.createDatabase();
	}

	@AfterEach
	void dropDatabase() {
		this.cluster.dropDatabase(this.db);
	}

	@Test
	void anInsertQuorumBelowTheReplicasIsRefusedAtStartNamingTheProperty() {
		Replica r1 = this.cluster.replicas().get(0);
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
			.withBean(Migration.class, () -> events())
			.withPropertyValues("pillar.clickhouse.url=" + r1.jdbcUrl(this.db), "pillar.clickhouse.cluster=pillar",
					"pillar.clickhouse.placeholders.db=" + this.db, "pillar.clickhouse.insert-quorum=1",
					"pillar.clickhouse.distributed-ddl-task-timeout=20s")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable cause = context.getStartupFailure();
				while (!(cause instanceof PillarException) && cause.getCause() != null) {
					cause = cause.getCause();
				}
				assertThat(cause).isInstanceOf(PillarException.class)
					.hasMessageContaining("insert_quorum 1")
					.hasMessageContaining("below the 2 replicas");
				assertThat(PillarActions.STARTUP.action((PillarException) cause))
					.contains("pillar.clickhouse.insert-quorum");
			});
		assertThat(r1.server().query("EXISTS TABLE " + this.db + ".events").trim()).isEqualTo("0");
	}

	@Test
	void migratesAClusterFromProperties() {
		Replica r1 = this.cluster.replicas().get(0);
		Replica r2 = this.cluster.replicas().get(1);
		Migration events = events();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
			.withBean(Migration.class, () -> events)
			.withPropertyValues("pillar.clickhouse.url=" + r1.jdbcUrl(this.db), "pillar.clickhouse.cluster=pillar",
					"pillar.clickhouse.placeholders.db=" + this.db, "pillar.clickhouse.insert-quorum=2",
					"pillar.clickhouse.distributed-ddl-task-timeout=20s")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(r2.server().query("EXISTS TABLE " + this.db + ".events").trim()).isEqualTo("1");
		assertThat(r2.server().query("SELECT name, event FROM " + this.db + ".pillar_migrations"))
			.isEqualTo("create_events\tapplied\n");
	}

	@Test
	void theApplicationsOwnDataSourceWithoutAQuorumOfItsOwnMigratesAClusterWithEveryReplicaConfirming() {
		Replica r1 = this.cluster.replicas().get(0);
		Replica r2 = this.cluster.replicas().get(1);
		Migration events = events();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
			.withBean(Migration.class, () -> events)
			.withBean(DataSource.class, () -> new DriverManagerDataSource(r1.jdbcUrl(this.db)))
			.withPropertyValues("pillar.clickhouse.cluster=pillar", "pillar.clickhouse.placeholders.db=" + this.db)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(r2.server().query("SELECT name, event FROM " + this.db + ".pillar_migrations"))
			.isEqualTo("create_events\tapplied\n");
	}

	private static Migration events() {
		return ResolvedMigration.of(20250101000000L, "create_events",
				List.of("CREATE TABLE IF NOT EXISTS {db}.events ON CLUSTER {cluster} (id UInt64) ENGINE = "
						+ "ReplicatedMergeTree('/clickhouse/tables/{shard}/{db}/events', '{replica}') ORDER BY id"),
				List.of("DROP TABLE IF EXISTS {db}.events ON CLUSTER {cluster}"), "test");
	}

}
