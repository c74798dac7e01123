package dev.pillar.clickhouse.autoconfigure.docker.compose;

import dev.pillar.clickhouse.autoconfigure.ClickHouseJdbcUrl;
import dev.pillar.clickhouse.autoconfigure.PillarConnectionDetails;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * {@link PillarConnectionDetails} from the {@link JdbcConnectionDetails} that Spring
 * Boot's Docker Compose support derives from a {@code clickhouse/clickhouse-server}
 * service; other databases' details are left alone.
 */
class JdbcAdaptingPillarConnectionDetailsFactory
		implements ConnectionDetailsFactory<JdbcConnectionDetails, PillarConnectionDetails> {

	@Override
	public @Nullable PillarConnectionDetails getConnectionDetails(JdbcConnectionDetails input) {
		if (!ClickHouseJdbcUrl.isClickHouse(input.getJdbcUrl())) {
			return null;
		}
		return new PillarConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return input.getJdbcUrl();
			}

			@Override
			public @Nullable String getUsername() {
				return input.getUsername();
			}

			@Override
			public @Nullable String getPassword() {
				return input.getPassword();
			}

			@Override
			public String getDriverClassName() {
				return input.getDriverClassName();
			}

		};
	}

}
