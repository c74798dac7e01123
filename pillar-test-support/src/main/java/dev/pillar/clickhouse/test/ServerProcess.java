package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A throwaway Debian ClickHouse server that {@code scripts/clickhouse.sh} started,
 * stopped and started again the way an operator would: its directory holds
 * {@code config.xml} and the {@code pid} file.
 */
final class ServerProcess implements ServerControl {

	private final Path dir;

	ServerProcess(Path dir) {
		this.dir = dir;
	}

	Path dir() {
		return this.dir;
	}

	/**
	 * Stops the server and waits until it has exited.
	 * @param graceful SIGTERM, which lets running queries finish on 18.16; else SIGKILL,
	 * a crash
	 */
	@Override
	public void stop(boolean graceful) throws IOException, InterruptedException {
		Path pidFile = this.dir.resolve("pid");
		ProcessHandle running = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElse(null);
		if (running == null) {
			return;
		}
		if (graceful) {
			running.destroy();
		}
		else {
			running.destroyForcibly();
		}
		try {
			running.onExit().get(60, TimeUnit.SECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			running.destroyForcibly();
		}
	}

	/** Starts the server as a daemon, as the script does. */
	@Override
	public void start() throws IOException, InterruptedException {
		// the script links the directory from a checkout that user clickhouse may not
		// enter: use where it really is
		Path dir = this.dir.toRealPath();
		String start = "/usr/sbin/clickhouse-server --config-file=" + dir.resolve("config.xml") + " --pid-file="
				+ dir.resolve("pid") + " --daemon";
		// the server refuses to run as root over data owned by its own user
		ProcessBuilder command = "root".equals(System.getProperty("user.name"))
				? new ProcessBuilder("su", "-s", "/bin/sh", "clickhouse", "-c", "cd '" + dir + "' && " + start)
				: new ProcessBuilder(List.of(start.split(" ")));
		// to a file, not a pipe: the daemon it forks might hold a pipe open
		Path log = Files.createTempFile("clickhouse-start", ".log");
		Process launcher = command.directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean exited = launcher.waitFor(30, TimeUnit.SECONDS);
		String output = Files.readString(log);
		Files.deleteIfExists(log);
		if (!exited || launcher.exitValue() != 0) {
			throw new IllegalStateException("ClickHouse in " + dir + " did not start: " + output);
		}
	}

}
