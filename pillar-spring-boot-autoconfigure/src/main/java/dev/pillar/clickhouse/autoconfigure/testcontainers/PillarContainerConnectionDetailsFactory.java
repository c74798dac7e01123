package dev.pillar.clickhouse.autoconfigure.testcontainers;

import dev.pillar.clickhouse.autoconfigure.PillarConnectionDetails;
import org.testcontainers.clickhouse.ClickHouseContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * {@link PillarConnectionDetails} from a {@code @ServiceConnection}-annotated
 * Testcontainers {@link ClickHouseContainer}.
 */
class PillarContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<ClickHouseContainer, PillarConnectionDetails> {

	PillarContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, "org.testcontainers.clickhouse.ClickHouseContainer");
	}

	@Override
	protected PillarConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<ClickHouseContainer> source) {
		return new PillarContainerConnectionDetails(source);
	}

	/**
	 * {@link PillarConnectionDetails} backed by a {@link ClickHouseContainer}, read once
	 * it has started.
	 */
	private static final class PillarContainerConnectionDetails extends ContainerConnectionDetails<ClickHouseContainer>
			implements PillarConnectionDetails {

		private PillarContainerConnectionDetails(ContainerConnectionSource<ClickHouseContainer> source) {
			super(source);
		}

		@Override
		public String getJdbcUrl() {
			return getContainer().getJdbcUrl();
		}

		@Override
		public String getUsername() {
			return getContainer().getUsername();
		}

		@Override
		public String getPassword() {
			return getContainer().getPassword();
		}

		@Override
		public String getDriverClassName() {
			return getContainer().getDriverClassName();
		}

	}

}
