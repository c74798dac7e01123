package dev.pillar.clickhouse.test.chdb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryErrorTests {

	@Test
	void readsTheEnginesErrorAndMapsItsStatusAsAServerDoes() {
		QueryError error = QueryError.fromEngine("Code: 60. DB::Exception: Unknown table 'x'. (UNKNOWN_TABLE)\n");
		assertThat(error.code()).isEqualTo(60);
		assertThat(error.httpStatus()).isEqualTo(404);
		assertThat(error.body("26.7.2.1"))
			.isEqualTo("Code: 60. DB::Exception: Unknown table 'x'. (UNKNOWN_TABLE) (version 26.7.2.1)\n");
		assertThat(QueryError.fromEngine("Code: 159. DB::Exception: Timeout exceeded. (TIMEOUT_EXCEEDED)").httpStatus())
			.isEqualTo(408);
		assertThat(QueryError.of(QueryError.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED", "no").httpStatus())
			.isEqualTo(403);
		assertThat(QueryError.fromEngine("Code: 395. DB::Exception: thrown. (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO)")
			.httpStatus()).isEqualTo(500);
	}

	@Test
	void keepsAnUnexpectedTextWhole() {
		QueryError error = QueryError.fromEngine("something broke");
		assertThat(error.code()).isEqualTo(1001);
		assertThat(error.body("26.7.2.1")).contains("something broke");
	}

}
