package dev.pillar.benchmark;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.flywaydb.core.Flyway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The smallest Spring Boot app that migrates ClickHouse with Boot's Flyway integration,
 * as a user sets it up: {@code spring-boot-starter-flyway}, Flyway's ClickHouse plugin, a
 * {@code spring.datasource.url} and {@code spring.flyway.locations}. Its one bean of its
 * own times the migrate call that Boot makes at start-up.
 */
@SpringBootApplication
public class FlywayPeerApplication {

	private static final AtomicReference<PeerProcessMain.Timed> timed = new AtomicReference<>();

	/**
	 * Starts the app, which migrates at start-up, and stops it.
	 * @param url the database's JDBC URL
	 * @param dir the migrations, {@code V1__t_1.sql}, ...
	 * @return the timed migrate call
	 */
	static PeerProcessMain.Timed run(String url, Path dir) {
		SpringApplication application = new SpringApplication(FlywayPeerApplication.class);
		try (ConfigurableApplicationContext context = application.run("--spring.main.web-application-type=none",
				"--spring.main.banner-mode=off", "--spring.datasource.url=" + url,
				"--spring.datasource.driver-class-name=com.clickhouse.jdbc.ClickHouseDriver",
				"--spring.datasource.username=default", "--spring.datasource.password=",
				"--spring.flyway.locations=filesystem:" + dir.toAbsolutePath(),
				// Pillar's auto-configuration shares this classpath: keep it out of
				// Flyway's app
				"--pillar.clickhouse.enabled=false")) {
			PeerProcessMain.Timed result = timed.get();
			if (result == null) {
				throw new IllegalStateException("Spring Boot started without running Flyway's migrate");
			}
			return result;
		}
	}

	/**
	 * Boot calls this instead of {@code flyway.migrate()} at start-up.
	 * @return a strategy that times the call it makes
	 */
	@Bean
	FlywayMigrationStrategy timedMigration() {
		return (Flyway flyway) -> timed.set(PeerProcessMain.time(() -> flyway.migrate().migrationsExecuted));
	}

}
