package dev.pillar.clickhouse.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Describes the meters that Micrometer makes from Pillar's observations
 * ({@code pillar.migration} and {@code pillar.startup}, their long task timers), which it
 * registers without a description: a Prometheus scrape shows each with its {@code # HELP}
 * text.
 */
public final class PillarMeterFilter implements MeterFilter {

	private static final Map<String, String> DESCRIPTIONS = Map.of("pillar.migration",
			"Time to run one migration in one direction, by direction and outcome", "pillar.migration.active",
			"Migrations running now", "pillar.startup", "Time of Pillar's start-up run (baseline, migrate)",
			"pillar.startup.active", "Pillar start-up runs in progress");

	@Override
	public Meter.Id map(Meter.Id id) {
		String description = DESCRIPTIONS.get(id.getName());
		if (description == null || id.getDescription() != null) {
			return id;
		}
		return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
	}

}
