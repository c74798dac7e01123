package dev.pillar.clickhouse.test.chdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where chDB's library is: the npm package {@code @chdb/lib-linux-x64-gnu}, which
 * {@code scripts/clickhouse.sh} fetches once into
 * {@code ${PILLAR_CHDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pillar/chdb/<version>}} and
 * unpacks there ({@code package/libchdb.so}).
 */
public final class ChdbPackage {

	/** The package version, which serves ClickHouse 26.7. */
	public static final String VERSION = "26.7.3-stable.1";

	private ChdbPackage() {
	}

	/**
	 * The library, found the way the script puts it.
	 * @return the path of {@code libchdb.so}
	 * @throws IllegalStateException when it is not there, saying how to get it
	 */
	public static Path library() {
		return library(System.getenv());
	}

	static Path library(Map<String, String> environment) {
		Path cache = cacheDir(environment);
		Path library = cache.resolve("package/libchdb.so");
		if (!Files.isRegularFile(library)) {
			throw new IllegalStateException("No chDB library (ClickHouse 26.7 as a library) at " + library
					+ ": run `scripts/clickhouse.sh start --engine=chdb` once, which fetches the npm package "
					+ "@chdb/lib-linux-x64-gnu@" + VERSION + " into " + cache + " (npm pack, then tar -xzf), or "
					+ "set PILLAR_CHDB_CACHE to a directory holding its unpacked package/");
		}
		return library;
	}

	static Path cacheDir(Map<String, String> environment) {
		String cache = environment.get("PILLAR_CHDB_CACHE");
		if (cache != null && !cache.isBlank()) {
			return Path.of(cache);
		}
		String xdg = environment.get("XDG_CACHE_HOME");
		Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg)
				: Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
		return base.resolve("pillar/chdb/" + VERSION);
	}

}
