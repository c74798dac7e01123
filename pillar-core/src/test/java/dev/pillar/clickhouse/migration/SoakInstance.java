package dev.pillar.clickhouse.migration;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pillar.clickhouse.test.bridge.FormatBridge;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service of {@code scripts/soak.sh}, which kills it at random moments: 20
 * migrations, each inserting two rows around a pause. Exit code 3 when a start refuses
 * because a migration was interrupted and needs a person (then, as the operator would
 * after checking the data, with {@code resume} it resumes from the first statement that
 * did not run, known to the soak from the rows).
 */
public final class SoakInstance {

	static final int MIGRATIONS = 20;

	private SoakInstance() {
	}

	/**
	 * @param args the server's HTTP address and the database, then {@code resume} and a
	 * statement to resume from
	 */
	public static void main(String[] args) throws Exception {
		// 18.16 needs the format bridge: in this JVM, and killed with it, as the client
		// is
		FormatBridge bridge = FormatBridge.start(URI.create(args[0]), 0);
		String url = "jdbc:clickhouse://127.0.0.1:" + bridge.port() + "/" + args[1] + "?compress=false";
		// as the starter configures the driver: no retries of its own
		PillarMigrator migrator = PillarMigrator.configure()
			.jdbc(new JdbcTemplate(ProxiedJdbc.withoutRetries(url)))
			.migrations(migrations())
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofMinutes(1))
			.load();
		try {
			if (args.length > 3 && args[2].equals("resume")) {
				migrator.resume(Integer.parseInt(args[3]));
			}
			migrator.migrate();
			System.exit(0);
		}
		catch (PillarException ex) {
			System.out.println("REFUSED " + ex.getMessage());
			System.exit(ex.getMessage().contains("was interrupted") ? 3 : 1);
		}
	}

	static List<Migration> migrations() {
		List<Migration> migrations = new ArrayList<>();
		for (int m = 1; m <= MIGRATIONS; m++) {
			List<String> up = new ArrayList<>();
			if (m == 1) {
				up.add("CREATE TABLE IF NOT EXISTS soak (m UInt32, s UInt8) ENGINE = MergeTree ORDER BY m");
			}
			up.add("INSERT INTO soak VALUES (" + m + ", 1)");
			up.add("SELECT sleep(0.3)");
			up.add("INSERT INTO soak VALUES (" + m + ", 2)");
			migrations.add(ResolvedMigration.of(20250101000000L + m, "soak_" + m, up, List.of("SELECT 1"), "soak"));
		}
		return migrations;
	}

}
