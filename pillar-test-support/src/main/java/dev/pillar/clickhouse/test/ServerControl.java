package dev.pillar.clickhouse.test;

import java.io.IOException;

/**
 * Stops and starts a throwaway server of {@code scripts/clickhouse.sh} the way an
 * operator would, for tests of restarts, crashes and lost replicas.
 */
interface ServerControl {

	/**
	 * Stops the server and waits until it has exited.
	 * @param graceful SIGTERM, which lets running queries finish; else SIGKILL, a crash
	 */
	void stop(boolean graceful) throws IOException, InterruptedException;

	/** Starts the server again; it may take a moment before it answers. */
	void start() throws IOException, InterruptedException;

}
