package dev.pillar.benchmark.startup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The smallest Spring Boot app that talks to ClickHouse: Boot's JDBC starter, the driver,
 * a {@code spring.datasource.url}, and one bean that queries the server while the context
 * starts. The start-up benchmark starts it with and without Pillar's starter on the
 * classpath, so that the difference is what the starter adds to an app that opens a
 * ClickHouse connection anyway. It references nothing of Pillar's: without the starter
 * its migrations are files no one reads.
 */
@SpringBootApplication
public class ConnectedApplication {

	/**
	 * Starts the app.
	 * @param args Spring Boot's arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(ConnectedApplication.class, args);
	}

	@Bean
	ServerVersion serverVersion(JdbcTemplate jdbc) {
		return new ServerVersion(jdbc.queryForObject("SELECT version()", String.class));
	}

	/**
	 * What the app asked ClickHouse at start-up.
	 *
	 * @param version the server's version
	 */
	record ServerVersion(String version) {

	}

}
