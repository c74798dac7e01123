package dev.pillar.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Measured values of one kind, in milliseconds, summarised by their median. */
final class Samples {

	private final List<Double> values = new ArrayList<>();

	/**
	 * Adds a measurement.
	 * @param millis the value
	 */
	void add(double millis) {
		this.values.add(millis);
	}

	/**
	 * Adds the time since a {@link System#nanoTime()} reading.
	 * @param startNanos the reading
	 * @return the milliseconds added
	 */
	double addSince(long startNanos) {
		double millis = (System.nanoTime() - startNanos) / 1e6;
		add(millis);
		return millis;
	}

	/**
	 * @return the values, in the order they were added
	 */
	List<Double> values() {
		return List.copyOf(this.values);
	}

	/**
	 * @return how many
	 */
	int size() {
		return this.values.size();
	}

	/**
	 * @return the median (mean of the middle two for an even count)
	 */
	double median() {
		List<Double> sorted = sorted();
		int n = sorted.size();
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	/**
	 * @return the smallest
	 */
	double min() {
		return sorted().stream().findFirst().orElse(Double.NaN);
	}

	/**
	 * @return the largest
	 */
	double max() {
		List<Double> sorted = sorted();
		return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
	}

	/**
	 * @return {@code median (min–max)}
	 */
	String summary() {
		return ms(median()) + " (" + ms(min()) + "–" + ms(max()) + ")";
	}

	private List<Double> sorted() {
		List<Double> sorted = new ArrayList<>(this.values);
		sorted.sort(null);
		return sorted;
	}

	/**
	 * Formats milliseconds for the tables.
	 * @param millis the value
	 * @return one decimal below 100, none above
	 */
	static String ms(double millis) {
		return (millis < 100) ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.0f", millis);
	}

	/**
	 * Formats a ratio.
	 * @param ratio the value
	 * @return two decimals and a {@code ×}
	 */
	static String ratio(double ratio) {
		return String.format(Locale.ROOT, "%.2f×", ratio);
	}

	/**
	 * Medians of a figure taken from several results.
	 * @param values the values
	 * @return their median
	 */
	static double medianOf(List<Double> values) {
		Samples samples = new Samples();
		values.forEach(samples::add);
		return samples.median();
	}

}
