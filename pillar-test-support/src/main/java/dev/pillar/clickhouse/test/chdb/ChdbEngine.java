package dev.pillar.clickhouse.test.chdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * ClickHouse as a library: one chDB connection over a data directory. chDB holds one
 * engine per process, so there is at most one of these per JVM, and its callers take
 * turns ({@link #query} is not meant to be called concurrently).
 */
final class ChdbEngine implements AutoCloseable {

	private static final AtomicBoolean OPENED = new AtomicBoolean();

	private static final int ANALYSIS_SIZE = 16;

	private final ChdbLibrary library;

	private final Pointer connectionHandle;

	private final Pointer connection;

	private ChdbEngine(ChdbLibrary library, Pointer connectionHandle) {
		this.library = library;
		this.connectionHandle = connectionHandle;
		this.connection = connectionHandle.getPointer(0);
	}

	/**
	 * Loads the library and opens its engine over a data directory.
	 * @param libraryFile {@code libchdb.so}
	 * @param dataDir where databases live; created when missing
	 * @return the engine
	 * @throws IllegalStateException when this JVM already opened one, or chDB does not
	 * start
	 */
	static ChdbEngine open(Path libraryFile, Path dataDir) {
		if (!Files.isRegularFile(libraryFile)) {
			throw new IllegalStateException("No chDB library at " + libraryFile);
		}
		if (!OPENED.compareAndSet(false, true)) {
			throw new IllegalStateException("chDB runs one engine per process, and this JVM already opened one");
		}
		try {
			Files.createDirectories(dataDir);
			SignalHandlers jvmHandlers = SignalHandlers.save();
			ChdbLibrary library = Native.load(libraryFile.toAbsolutePath().toString(), ChdbLibrary.class);
			Pointer handle;
			try {
				library.chdb_set_signal_handlers_enabled(0);
				handle = library.chdb_connect(2, new String[] { "clickhouse", "--path=" + dataDir.toAbsolutePath() });
			}
			finally {
				jvmHandlers.restore();
			}
			if (handle == null || handle.getPointer(0) == null) {
				throw new IllegalStateException("chDB did not open its engine over " + dataDir);
			}
			return new ChdbEngine(library, handle);
		}
		catch (java.io.IOException ex) {
			OPENED.set(false);
			throw new IllegalStateException("Cannot create chDB's data directory " + dataDir + ": " + ex, ex);
		}
		catch (RuntimeException | Error ex) {
			OPENED.set(false);
			throw ex;
		}
	}

	/**
	 * Runs a query text (which may carry an INSERT's data after its {@code FORMAT}
	 * clause).
	 * @param query the text, as bytes: an INSERT's data need not be UTF-8
	 * @param format the output format unless the query names one
	 * @param parameters values of {@code {name:Type}} placeholders
	 * @return the answer, or chDB's error
	 */
	EngineResult query(byte[] query, String format, Map<String, String> parameters) {
		byte[] formatBytes = format.getBytes(StandardCharsets.UTF_8);
		Pointer result;
		if (parameters.isEmpty()) {
			result = this.library.chdb_query_n(this.connection, query, query.length, formatBytes, formatBytes.length);
		}
		else {
			String[] names = parameters.keySet().toArray(String[]::new);
			String[] values = new String[names.length];
			long[] nameLengths = new long[names.length];
			long[] valueLengths = new long[names.length];
			for (int i = 0; i < names.length; i++) {
				values[i] = parameters.get(names[i]);
				nameLengths[i] = names[i].getBytes(StandardCharsets.UTF_8).length;
				valueLengths[i] = values[i].getBytes(StandardCharsets.UTF_8).length;
			}
			result = this.library.chdb_query_with_params_n(this.connection, query, query.length, formatBytes,
					formatBytes.length, names, nameLengths, values, valueLengths, names.length);
		}
		if (result == null) {
			return new EngineResult(new byte[0], "Code: 1001. DB::Exception: chDB returned no result. (STD_EXCEPTION)",
					0, 0, 0, 0, 0);
		}
		try {
			String error = this.library.chdb_result_error(result);
			long length = (error != null) ? 0 : this.library.chdb_result_length(result);
			Pointer buffer = this.library.chdb_result_buffer(result);
			byte[] data = (length > 0 && buffer != null) ? buffer.getByteArray(0, Math.toIntExact(length))
					: new byte[0];
			return new EngineResult(data, error, this.library.chdb_result_rows_read(result),
					this.library.chdb_result_bytes_read(result), this.library.chdb_result_rows_written(result),
					this.library.chdb_result_bytes_written(result),
					(long) (this.library.chdb_result_elapsed(result) * 1e9));
		}
		finally {
			this.library.chdb_destroy_query_result(result);
		}
	}

	/**
	 * Runs one statement of the front's own, in TabSeparated.
	 * @param sql the statement
	 * @return the answer
	 */
	EngineResult query(String sql) {
		return query(sql.getBytes(StandardCharsets.UTF_8), "TabSeparated", Map.of());
	}

	/**
	 * Asks ClickHouse's parser what a query text is, without running it.
	 * @param query the text
	 * @return how many statements it holds and what kind the first is
	 */
	StatementAnalysis analyse(byte[] query) {
		int[] analysis = { ANALYSIS_SIZE, 0, 0, StatementAnalysis.Kind.UNKNOWN.ordinal() };
		int state = this.library.chdb_classify_query_n(this.connection, query, query.length, null, 0, analysis);
		if (state != 0) {
			return new StatementAnalysis(0, StatementAnalysis.Kind.UNKNOWN);
		}
		return new StatementAnalysis(analysis[1], StatementAnalysis.Kind.of(analysis[3]));
	}

	/**
	 * Closes the connection; chDB cannot open another engine in this process afterwards.
	 */
	@Override
	public void close() {
		this.library.chdb_close_conn(this.connectionHandle);
	}

}
