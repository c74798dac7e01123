package dev.pillar.clickhouse.migration.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which statements may start mutations, and the probes that ask why one fails.
 */
class MutationStatementTests {

	@Test
	void findsTheTableOfAnAlterOrALightweightDelete() {
		assertThat(MutatedTable.of("ALTER TABLE readings UPDATE value = 1 WHERE 1"))
			.contains(new MutatedTable(null, "readings"));
		assertThat(MutatedTable.of("  -- convert\n/* now */ alter table `my db`.`odd``name` DELETE WHERE x"))
			.contains(new MutatedTable("my db", "odd`name"));
		assertThat(MutatedTable.of("ALTER TABLE IF EXISTS db.t ON CLUSTER c MODIFY COLUMN x UInt8"))
			.contains(new MutatedTable("db", "t"));
		assertThat(MutatedTable.of("DELETE FROM events WHERE id = 3")).contains(new MutatedTable(null, "events"));
	}

	@Test
	void findsNoTableForStatementsThatStartNoMutation() {
		assertThat(MutatedTable.of("CREATE TABLE t (id UInt8) ENGINE = MergeTree ORDER BY id")).isEmpty();
		assertThat(MutatedTable.of("INSERT INTO t SELECT 'ALTER TABLE x'")).isEmpty();
		assertThat(MutatedTable.of("-- ALTER TABLE t DELETE WHERE 1\nSELECT 1")).isEmpty();
	}

	@Test
	void probesAnUpdateByEvaluatingItsValuesOverItsRows() {
		assertThat(
				new MutationCommand("UPDATE value = toUInt64(raw), s = concat(a, ',', b) WHERE id > 1").probe("db.t"))
			.contains("SELECT sum(ignore(toUInt64(raw), concat(a, ',', b))) FROM db.t WHERE id > 1");
	}

	@Test
	void probesADeleteByCountingItsRows() {
		assertThat(new MutationCommand("DELETE WHERE toUInt64(raw) > 5").probe("t"))
			.contains("SELECT count() FROM t WHERE toUInt64(raw) > 5");
	}

	@Test
	void probesACommandShownInBrackets() {
		assertThat(new MutationCommand("(UPDATE value = toUInt64(raw) WHERE 1)").probe("t"))
			.contains("SELECT sum(ignore(toUInt64(raw))) FROM t WHERE 1");
	}

	@Test
	void quotesNamesAndLiterals() {
		assertThat(SqlText.name("odd`name")).isEqualTo("`odd\\`name`");
		assertThat(SqlText.literal("it's")).isEqualTo("'it\\'s'");
	}

	@Test
	void hasNoProbeForOtherCommands() {
		assertThat(new MutationCommand("MATERIALIZE INDEX idx").probe("t")).isEmpty();
		assertThat(new MutationCommand("UPDATE s = 'WHERE' WHERE 1").probe("t"))
			.contains("SELECT sum(ignore('WHERE')) FROM t WHERE 1");
	}

	@Test
	void splitsAtTopLevelOnly() {
		assertThat(SqlText.split("a; 'b;c'; f(x;y); -- d;\n e /* ; */", ';')).containsExactly("a", "'b;c'", "f(x;y)",
				"-- d;\n e /* ; */");
		assertThat(SqlText.isBracketed("(UPDATE a = f(x) WHERE b)")).isTrue();
		assertThat(SqlText.isBracketed("(a), (b)")).isFalse();
		assertThat(SqlText.isBracketed("(')' )")).isTrue();
	}

}
