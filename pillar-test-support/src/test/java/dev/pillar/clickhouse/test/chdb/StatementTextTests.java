package dev.pillar.clickhouse.test.chdb;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementTextTests {

	@Test
	void readsTheKeywordPastCommentsAndBlanks() {
		assertThat(text(" -- a comment\n/* another */ use db").keyword()).isEqualTo("USE");
		assertThat(text("").keyword()).isEmpty();
	}

	@Test
	void findsTheFirstSemicolonOutsideQuotesAndComments() {
		assertThat(text("SELECT ';' -- ;\n, \"a;\" ; SELECT 2").firstSemicolon()).isEqualTo(24);
		assertThat(text("SELECT 1").firstSemicolon()).isEqualTo(8);
	}

	@Test
	void readsTheFormatClauseAtTheEnd() {
		assertThat(text("SELECT 1 FORMAT JSONEachRow;\n").formatClause()).isEqualTo("JSONEachRow");
		assertThat(text("SELECT 'FORMAT x' AS f").formatClause()).isNull();
	}

	@Test
	void recognisesSetReadonly() {
		assertThat(text("SET readonly = '1'").readonlySet()).isEqualTo("1");
		assertThat(text("SET max_threads = 1").readonlySet()).isNull();
	}

	private static StatementText text(String sql) {
		return new StatementText(sql.getBytes(StandardCharsets.UTF_8));
	}

}
