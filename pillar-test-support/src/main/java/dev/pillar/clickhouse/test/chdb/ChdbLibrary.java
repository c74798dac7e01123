package dev.pillar.clickhouse.test.chdb;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The part of chDB's C API ({@code chdb.h}) that the front calls. {@code size_t} is
 * {@code long}: the library ships for 64-bit Linux only.
 */
interface ChdbLibrary extends Library {

	/**
	 * Whether chDB installs its own signal handlers (process-wide); {@code 0} also resets
	 * the ones it installed.
	 */
	void chdb_set_signal_handlers_enabled(int enabled);

	/**
	 * @return a pointer to the connection pointer, or {@code null}
	 */
	Pointer chdb_connect(int argc, String[] argv);

	void chdb_close_conn(Pointer connection);

	Pointer chdb_query_n(Pointer connection, byte[] query, long queryLength, byte[] format, long formatLength);

	Pointer chdb_query_with_params_n(Pointer connection, byte[] query, long queryLength, byte[] format,
			long formatLength, String[] names, long[] nameLengths, String[] values, long[] valueLengths, long count);

	/**
	 * Classifies a query with ClickHouse's own parser, without running it.
	 * @param analysis {@code chdb_query_analysis_v1}: struct_size, statement_count,
	 * flags, query_class
	 * @return {@code 0} on success
	 */
	int chdb_classify_query_n(Pointer connection, byte[] query, long queryLength, Pointer targetDatabase,
			long targetDatabaseLength, int[] analysis);

	Pointer chdb_result_buffer(Pointer result);

	long chdb_result_length(Pointer result);

	String chdb_result_error(Pointer result);

	long chdb_result_rows_read(Pointer result);

	long chdb_result_bytes_read(Pointer result);

	long chdb_result_rows_written(Pointer result);

	long chdb_result_bytes_written(Pointer result);

	double chdb_result_elapsed(Pointer result);

	void chdb_destroy_query_result(Pointer result);

}
