package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker container of {@code scripts/clickhouse.sh}, stopped, killed and started again
 * with the {@code docker} command. The script publishes its ports on fixed host ports, so
 * it is reached at the same URL after a restart.
 */
final class ContainerProcess implements ServerControl {

	private final List<String> docker;

	private final String container;

	/**
	 * @param docker the command that runs docker, {@code [docker]} but for tests of this
	 * class
	 * @param container the container's name
	 */
	ContainerProcess(List<String> docker, String container) {
		this.docker = List.copyOf(docker);
		this.container = container;
	}

	ContainerProcess(String container) {
		this(List.of("docker"), container);
	}

	@Override
	public void stop(boolean graceful) throws IOException, InterruptedException {
		if (graceful) {
			// SIGTERM, and SIGKILL only if it has not exited after a minute
			docker("stop", "--time", "60", this.container);
		}
		else {
			docker("kill", this.container);
			docker("wait", this.container);
		}
	}

	@Override
	public void start() throws IOException, InterruptedException {
		docker("start", this.container);
	}

	private void docker(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(this.docker);
		command.addAll(List.of(arguments));
		// to a file, not a pipe, like ServerProcess: nothing can hang on a full pipe
		Path log = Files.createTempFile("docker", ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(90, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish within 90 s");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
						+ "): " + Files.readString(log).trim());
			}
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	@Override
	public String toString() {
		return "container " + this.container;
	}

}
