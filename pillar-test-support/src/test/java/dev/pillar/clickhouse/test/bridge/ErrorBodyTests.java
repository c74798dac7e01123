package dev.pillar.clickhouse.test.bridge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ErrorBody}.
 */
class ErrorBodyTests {

	@Test
	void rewritesAnOldErrorIntoTheModernShape() {
		ErrorBody error = ErrorBody.parseOld("Code: 62, e.displayText() = DB::Exception: Syntax error: failed at "
				+ "position 1: SELEC 1. Expected one of: SELECT, SHOW, e.what() = DB::Exception\n");
		assertThat(error).isNotNull();
		assertThat(error.code()).isEqualTo(62);
		assertThat(error.render("18.16.1")).isEqualTo("Code: 62. DB::Exception: Syntax error: failed at position 1: "
				+ "SELEC 1. Expected one of: SELECT, SHOW. (version 18.16.1)\n");
	}

	@Test
	void keepsAMultiLineMessage() {
		ErrorBody error = ErrorBody.parseOld("Code: 62, e.displayText() = DB::Exception: Syntax error: SELEC 1\n"
				+ ". Expected one of: x\nand y, e.what() = DB::Exception");
		assertThat(error).isNotNull();
		assertThat(error.message()).isEqualTo("Syntax error: SELEC 1\n. Expected one of: x\nand y");
	}

	@Test
	void addsNoSecondFullStop() {
		ErrorBody error = ErrorBody.parseOld(
				"Code: 60, e.displayText() = DB::Exception: Table x.y doesn't exist., " + "e.what() = DB::Exception");
		assertThat(error).isNotNull();
		assertThat(error.render("18.16.1"))
			.isEqualTo("Code: 60. DB::Exception: Table x.y doesn't exist. (version 18.16.1)\n");
	}

	@Test
	void keepsAnotherExceptionKind() {
		ErrorBody error = ErrorBody.parseOld(
				"Code: 1000, e.displayText() = Poco::Exception: Connection refused, " + "e.what() = Poco::Exception");
		assertThat(error).isNotNull();
		assertThat(error.render(null)).isEqualTo("Code: 1000. DB::Exception: Poco::Exception: Connection refused.\n");
	}

	@Test
	void toleratesAMissingWhat() {
		ErrorBody error = ErrorBody.parseOld("Code: 81, e.displayText() = DB::Exception: Database nope doesn't exist");
		assertThat(error).isNotNull();
		assertThat(error.message()).isEqualTo("Database nope doesn't exist");
	}

	@Test
	void ignoresOtherBodies() {
		assertThat(ErrorBody.parseOld("Code: 62. DB::Exception: Syntax error. (SYNTAX_ERROR) (version 24.3.1)"))
			.isNull();
		assertThat(ErrorBody.parseOld("<html>Bad gateway</html>")).isNull();
	}

}
