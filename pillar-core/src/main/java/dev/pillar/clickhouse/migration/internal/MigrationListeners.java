package dev.pillar.clickhouse.migration.internal;

import java.util.List;

import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.MigrationListener;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.MigrationStatus;

/**
 * Tells every listener, in order.
 */
public final class MigrationListeners implements MigrationListener {

	private final List<MigrationListener> listeners;

	/**
	 * @param listeners the listeners
	 */
	public MigrationListeners(List<MigrationListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void ran(MigrationRun run) {
		this.listeners.forEach((listener) -> listener.ran(run));
	}

	@Override
	public void failed(MigrationFailedException failure) {
		this.listeners.forEach((listener) -> listener.failed(failure));
	}

	@Override
	public void status(MigrationStatus status) {
		this.listeners.forEach((listener) -> listener.status(status));
	}

}
