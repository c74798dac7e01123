package dev.pillar.clickhouse.test.chdb;

import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The process's signal handlers, saved and put back. chDB installs its own handlers for
 * SIGSEGV, SIGBUS and the like (and resets them to the default when told not to), but the
 * JVM depends on its own for implicit null checks and safepoints: without them the first
 * ordinary NullPointerException kills the process with SIGSEGV.
 */
final class SignalHandlers {

	/**
	 * Larger than glibc's {@code struct sigaction} (152 bytes on x86-64): only copied,
	 * never read.
	 */
	private static final int SIGACTION_SIZE = 256;

	private static final int SIGKILL = 9;

	private static final int SIGSTOP = 19;

	private static final int LAST_STANDARD_SIGNAL = 31;

	private final CLibrary libc;

	private final Map<Integer, Memory> saved;

	private SignalHandlers(CLibrary libc, Map<Integer, Memory> saved) {
		this.libc = libc;
		this.saved = saved;
	}

	/**
	 * @return the handlers of every standard signal, as they are now
	 */
	static SignalHandlers save() {
		CLibrary libc = Native.load("c", CLibrary.class);
		Map<Integer, Memory> saved = new LinkedHashMap<>();
		for (int signal = 1; signal <= LAST_STANDARD_SIGNAL; signal++) {
			if (signal != SIGKILL && signal != SIGSTOP) {
				Memory action = new Memory(SIGACTION_SIZE);
				action.clear();
				if (libc.sigaction(signal, null, action) == 0) {
					saved.put(signal, action);
				}
			}
		}
		return new SignalHandlers(libc, saved);
	}

	/** Puts the saved handlers back. */
	void restore() {
		this.saved.forEach((signal, action) -> this.libc.sigaction(signal, action, null));
	}

	interface CLibrary extends Library {

		int sigaction(int signal, Pointer action, Pointer previous);

	}

}
