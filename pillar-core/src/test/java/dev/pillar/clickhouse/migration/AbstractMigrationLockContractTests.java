package dev.pillar.clickhouse.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pillar.clickhouse.migration.lock.MigrationLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every {@link MigrationLock} must do, in the manner of ShedLock's lock provider
 * tests: acquire, exclusion, release, expiry of a dead holder's lease, renewal while the
 * action runs, and acquiring again. A lock implementation's test extends it and says how
 * to make locks over one storage and how a holder dies.
 */
public abstract class AbstractMigrationLockContractTests {

	private final ExecutorService pool = Executors.newCachedThreadPool();

	/**
	 * A lock over the storage under test; every lock made by one test shares it.
	 * @param owner who holds it, for messages
	 * @param lease how long a holder that stops renewing keeps it
	 * @param waitTimeout how long to wait for another holder
	 * @return the lock
	 */
	protected abstract MigrationLock lock(String owner, Duration lease, Duration waitTimeout);

	/**
	 * Leaves the lock held by a holder that died without releasing it: its lease runs out
	 * by itself.
	 * @param owner who held it
	 * @param lease its lease
	 */
	protected abstract void holderDied(String owner, Duration lease);

	/**
	 * A lock over the same storage whose holder can be cut off from it, as a holder
	 * paused or partitioned away is: from the cut on, its renewals never reach the
	 * storage.
	 * @param owner who holds it
	 * @param lease its lease
	 * @return the lock and the cut
	 */
	protected abstract CutOffLock cutOffLock(String owner, Duration lease);

	@AfterEach
	void stopPool() {
		this.pool.shutdownNow();
	}

	@Test
	void acquiresAndReturnsTheActionsResult() {
		MigrationLock lock = lock("one", Duration.ofSeconds(10), Duration.ofSeconds(5));
		assertThat(lock.withLock(() -> "done")).isEqualTo("done");
	}

	@Test
	void anotherHolderWaitsAndTimesOutWhileItIsHeld() throws Exception {
		MigrationLock holder = lock("holder", Duration.ofSeconds(10), Duration.ofSeconds(5));
		MigrationLock other = lock("other", Duration.ofSeconds(10), Duration.ZERO);
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<?> holding = this.pool.submit(() -> holder.withLock(() -> {
			held.countDown();
			await(release);
			return null;
		}));
		assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> other.withLock(() -> "ran"))
			.withMessageContaining("waiting for the migration lock")
			.withMessageContaining("held by holder")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(PillarException.Kind.LOCK_TIMEOUT));

		release.countDown();
		holding.get(10, TimeUnit.SECONDS);
	}

	@Test
	void releasesWhenTheActionEndsAlsoByAnException() {
		MigrationLock first = lock("first", Duration.ofSeconds(10), Duration.ofSeconds(5));
		MigrationLock second = lock("second", Duration.ofSeconds(10), Duration.ZERO);
		first.withLock(() -> "done");
		assertThat(second.withLock(() -> "after a normal end")).isEqualTo("after a normal end");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> first.withLock(() -> {
			throw new IllegalStateException("the action failed");
		}));
		assertThat(second.withLock(() -> "after a failure")).isEqualTo("after a failure");
	}

	@Test
	void theSameLockIsTakenAgainAfterRelease() {
		MigrationLock lock = lock("again", Duration.ofSeconds(10), Duration.ZERO);
		assertThat(lock.withLock(() -> 1)).isEqualTo(1);
		assertThat(lock.withLock(() -> 2)).isEqualTo(2);
	}

	@Test
	void aDeadHoldersLeaseRunsOut() {
		holderDied("crashed", Duration.ofSeconds(2));
		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(() -> lock("impatient", Duration.ofSeconds(10), Duration.ZERO).withLock(() -> "ran"))
			.withMessageContaining("held by crashed");
		assertThat(lock("patient", Duration.ofSeconds(10), Duration.ofSeconds(20)).withLock(() -> "ran"))
			.isEqualTo("ran");
	}

	@Test
	void aLiveHolderKeepsTheLockLongerThanItsLease() throws Exception {
		Duration lease = Duration.ofSeconds(2);
		MigrationLock holder = lock("long-runner", lease, Duration.ofSeconds(5));
		CountDownLatch held = new CountDownLatch(1);
		Future<String> holding = this.pool.submit(() -> holder.withLock(() -> {
			held.countDown();
			sleep(lease.multipliedBy(3));
			return "finished";
		}));
		assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
		// waits past the holder's first lease: only renewal keeps the lock from it
		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(() -> lock("contender", lease, lease.multipliedBy(2)).withLock(() -> "ran"))
			.withMessageContaining("held by long-runner");
		assertThat(holding.get(30, TimeUnit.SECONDS)).isEqualTo("finished");
	}

	@Test
	void aHolderCutOffFromItsRenewalsKnowsItLostTheLockBeforeAnotherTakesIt() throws Exception {
		Duration lease = Duration.ofSeconds(2);
		CutOffLock paused = cutOffLock("paused", lease);
		CountDownLatch held = new CountDownLatch(1);
		Future<Long> holding = this.pool.submit(() -> paused.lock().withLock((hold) -> {
			paused.cut().run();
			held.countDown();
			while (true) {
				try {
					hold.ensureHeld();
				}
				catch (PillarException ex) {
					assertThat(ex.kind()).isEqualTo(PillarException.Kind.LOCK_LOST);
					return System.nanoTime();
				}
				sleep(Duration.ofMillis(10));
			}
		}));
		assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
		long tookOver = lock("successor", lease, Duration.ofSeconds(30)).withLock(System::nanoTime);
		assertThat(holding.get(30, TimeUnit.SECONDS)).isLessThan(tookOver);
	}

	@Test
	void concurrentHoldersNeverOverlap() throws Exception {
		// holders that stay sure of the lock throughout: none of them ever finds it lost
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		List<Future<?>> workers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			MigrationLock lock = lock("worker-" + i, Duration.ofSeconds(10), Duration.ofSeconds(60));
			workers.add(this.pool.submit(() -> {
				for (int round = 0; round < 2; round++) {
					lock.withLock((hold) -> {
						most.accumulateAndGet(inside.incrementAndGet(), Math::max);
						sleep(Duration.ofMillis(100));
						hold.ensureHeld();
						return inside.decrementAndGet();
					});
				}
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get(2, TimeUnit.MINUTES);
		}
		assertThat(most.get()).isEqualTo(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A lock whose holder can be cut off from the storage.
	 *
	 * @param lock the lock
	 * @param cut cuts it off, for good
	 */
	public record CutOffLock(MigrationLock lock, Runnable cut) {
	}

}
