package dev.pillar.clickhouse.migration.internal;

import java.time.Instant;
import java.util.List;

import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationState;
import dev.pillar.clickhouse.migration.MigrationStatus;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MigrationPlanTests {

	private static final ResolvedMigration ONE = migration(20250101000000L, "one", true);

	private static final ResolvedMigration TWO = migration(20250102000000L, "two", false);

	private static final ResolvedMigration THREE = migration(20250103000000L, "three", true);

	@Test
	void statesFromCodeAndNewestEvent() {
		ResolvedMigration gone = migration(20241231000000L, "gone", true);
		List<MigrationEvent> history = List.of(event(1, gone, MigrationEventType.APPLIED),
				event(2, ONE, MigrationEventType.APPLIED), event(3, TWO, MigrationEventType.APPLIED),
				event(4, TWO, MigrationEventType.ROLLED_BACK));
		MigrationStatus status = new MigrationPlan(List.of(ONE, TWO, THREE), history).status();
		assertThat(status.migrations()).extracting(MigrationInfo::name, MigrationInfo::state)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("gone", MigrationState.MISSING),
					org.assertj.core.groups.Tuple.tuple("one", MigrationState.APPLIED),
					org.assertj.core.groups.Tuple.tuple("two", MigrationState.PENDING),
					org.assertj.core.groups.Tuple.tuple("three", MigrationState.PENDING));
		assertThat(status.currentVersion()).isEqualTo(ONE.version());
		assertThat(status.pendingCount()).isEqualTo(2);
		assertThat(status.migrations().get(2).appliedAt()).isNull();
		assertThat(new MigrationPlan(List.of(ONE), history).nextSequence()).isEqualTo(5);
	}

	@Test
	void twoRowsOfOneSequenceAreReportedAsCorruption() {
		List<MigrationEvent> history = List.of(event(1, ONE, MigrationEventType.APPLIED),
				event(2, TWO, MigrationEventType.APPLIED), event(2, THREE, MigrationEventType.APPLIED));
		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(() -> new MigrationPlan(List.of(ONE, TWO, THREE), history))
			.withMessageStartingWith(
					"The migration history holds two rows of sequence 2: 20250102000000 (two) " + "applied at ")
			.withMessageContaining(", and 20250103000000 (three) applied at ")
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(PillarException.Kind.HISTORY_CORRUPT);
				assertThat(ex.action()).contains("DELETE WHERE sequence = 2");
			});
	}

	@Test
	void pendingInVersionOrder() {
		MigrationPlan plan = new MigrationPlan(List.of(ONE, TWO, THREE),
				List.of(event(1, ONE, MigrationEventType.APPLIED)));
		assertThat(plan.pending(true, false)).containsExactly(TWO, THREE);
	}

	@Test
	void outOfOrderIsRefusedUnlessAllowed() {
		MigrationPlan plan = new MigrationPlan(List.of(ONE, TWO, THREE),
				List.of(event(1, ONE, MigrationEventType.APPLIED), event(2, THREE, MigrationEventType.APPLIED)));
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> plan.pending(true, false))
			.withMessageContaining("20250102000000 (two) are older than the current version 20250103000000");
		assertThat(plan.pending(true, true)).containsExactly(TWO);
	}

	@Test
	void changedAppliedMigrationIsRefusedUnlessValidationIsOff() {
		ResolvedMigration edited = ResolvedMigration.of(ONE.version(), "one", List.of("SELECT 2"), List.of(), "x");
		MigrationPlan plan = new MigrationPlan(List.of(edited), List.of(event(1, ONE, MigrationEventType.APPLIED)));
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> plan.pending(true, false))
			.withMessageContaining("20250101000000 (one) changed after they were applied");
		assertThat(plan.pending(false, false)).isEmpty();
	}

	@Test
	void failureInHistoryStopsMigrateAndRollback() {
		MigrationEvent failed = new MigrationEvent(2, TWO.version(), "two", MigrationEventType.FAILED, TWO.checksum(),
				3, 1, 5, "h", "u", "Code: 62. Syntax error", Instant.EPOCH);
		MigrationPlan plan = new MigrationPlan(List.of(ONE, TWO),
				List.of(event(1, ONE, MigrationEventType.APPLIED), failed));
		assertThat(plan.status().migrations().get(1).state()).isEqualTo(MigrationState.FAILED);
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> plan.pending(true, false))
			.withMessageContaining("20250102000000 (two) failed earlier: up statement 2 of 3")
			.withMessageContaining("Code: 62. Syntax error");
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> plan.rollback(1))
			.withMessageContaining("failed earlier");
	}

	@Test
	void rollbackNewestFirst() {
		MigrationPlan plan = new MigrationPlan(List.of(ONE, THREE),
				List.of(event(1, ONE, MigrationEventType.APPLIED), event(2, THREE, MigrationEventType.APPLIED)));
		assertThat(plan.rollback(2)).containsExactly(THREE, ONE);
		assertThat(plan.rollback(1)).containsExactly(THREE);
	}

	@Test
	void rollbackRefusesWhatItCannotDoWhole() {
		MigrationPlan plan = new MigrationPlan(List.of(ONE, TWO, THREE),
				List.of(event(1, ONE, MigrationEventType.APPLIED), event(2, TWO, MigrationEventType.APPLIED),
						event(3, THREE, MigrationEventType.APPLIED)));
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> plan.rollback(2))
			.withMessageContaining("20250102000000 (two) has no down");
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> plan.rollback(0))
			.withMessageContaining("Cannot roll back 0 steps");
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> plan.rollback(4))
			.withMessageContaining("only 3 migration(s) are applied");
		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(() -> new MigrationPlan(List.of(ONE), List.of()).rollback(1))
			.withMessageContaining("Nothing to roll back");
		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(
					() -> new MigrationPlan(List.of(), List.of(event(1, ONE, MigrationEventType.APPLIED))).rollback(1))
			.withMessageContaining("no longer in code");
	}

	private static ResolvedMigration migration(long version, String name, boolean reversible) {
		return ResolvedMigration.of(version, name, List.of("CREATE TABLE " + name + " (x UInt8) ENGINE = Memory"),
				reversible ? List.of("DROP TABLE " + name) : List.of(), "test." + name);
	}

	private static MigrationEvent event(long sequence, ResolvedMigration migration, MigrationEventType type) {
		return new MigrationEvent(sequence, migration.version(), migration.name(), type, migration.checksum(), 1, 1, 3,
				"host", "default", "", Instant.ofEpochSecond(1_700_000_000L + sequence));
	}

}
