package dev.pillar.clickhouse.metrics;

import java.util.concurrent.atomic.AtomicInteger;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.MigrationListener;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.MigrationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what Pillar ran and gauges what is pending. The time of each migration is the
 * {@code pillar.migration} timer, and that of the startup run the {@code pillar.startup}
 * timer, both recorded from observations (described by {@link PillarMeterFilter}).
 * <ul>
 * <li>{@code pillar.migrations.applied}, {@code pillar.migrations.rolled.back},
 * {@code pillar.migrations.failed}: counters;</li>
 * <li>{@code pillar.statements}: counter of statements run, by direction;</li>
 * <li>{@code pillar.migrations.pending}: gauge, as of the last operation or status
 * read.</li>
 * </ul>
 * Tags stay bounded: no meter carries a migration's version or name (those are in spans,
 * the log and the endpoint), so a project with a thousand migrations still has a handful
 * of series.
 */
public final class PillarMetrics implements MigrationListener {

	private final Counter applied;

	private final Counter rolledBack;

	private final Counter failed;

	private final Counter statementsUp;

	private final Counter statementsDown;

	private final AtomicInteger pending = new AtomicInteger();

	/**
	 * Registers the meters.
	 * @param registry where
	 */
	public PillarMetrics(MeterRegistry registry) {
		this.applied = Counter.builder("pillar.migrations.applied")
			.description("Migrations applied (up) since start")
			.register(registry);
		this.rolledBack = Counter.builder("pillar.migrations.rolled.back")
			.description("Migrations rolled back (down) since start")
			.register(registry);
		this.failed = Counter.builder("pillar.migrations.failed")
			.description("Migrations stopped by a refused statement since start")
			.register(registry);
		this.statementsUp = statements(registry, MigrationDirection.UP);
		this.statementsDown = statements(registry, MigrationDirection.DOWN);
		Gauge.builder("pillar.migrations.pending", this.pending, AtomicInteger::get)
			.description("Migrations in code not yet applied")
			.register(registry);
	}

	private static Counter statements(MeterRegistry registry, MigrationDirection direction) {
		return Counter.builder("pillar.statements")
			.description("Migration statements run since start, by direction")
			.tag("direction", direction.label())
			.register(registry);
	}

	@Override
	public void ran(MigrationRun run) {
		boolean up = run.direction() == MigrationDirection.UP;
		(up ? this.applied : this.rolledBack).increment();
		(up ? this.statementsUp : this.statementsDown).increment(run.statements());
	}

	@Override
	public void failed(MigrationFailedException failure) {
		this.failed.increment();
	}

	@Override
	public void status(MigrationStatus status) {
		this.pending.set(status.pendingCount());
	}

}
