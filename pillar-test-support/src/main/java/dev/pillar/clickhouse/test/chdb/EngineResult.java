package dev.pillar.clickhouse.test.chdb;

import org.jspecify.annotations.Nullable;

/**
 * What chDB answered to one query.
 *
 * @param data the answer in the format asked for (empty for an error or a statement
 * without output)
 * @param error chDB's error text, {@code Code: N. DB::Exception: ... (NAME)}, or
 * {@code null}
 * @param readRows rows read
 * @param readBytes bytes read
 * @param writtenRows rows written
 * @param writtenBytes bytes written
 * @param elapsedNanos how long the engine took
 */
record EngineResult(byte[] data, @Nullable String error, long readRows, long readBytes, long writtenRows,
		long writtenBytes, long elapsedNanos) {

	/**
	 * @return the answer as UTF-8 text
	 */
	String text() {
		return new String(this.data, java.nio.charset.StandardCharsets.UTF_8);
	}

}
