package dev.pillar.clickhouse.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * {@link PillarConnectionDetails} from {@code pillar.clickhouse.*} properties.
 */
final class PropertiesPillarConnectionDetails implements PillarConnectionDetails {

	private final PillarProperties properties;

	PropertiesPillarConnectionDetails(PillarProperties properties) {
		this.properties = properties;
	}

	@Override
	public String getJdbcUrl() {
		String url = this.properties.getUrl();
		if (url == null) {
			throw new IllegalStateException("pillar.clickhouse.url is not set");
		}
		return url;
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

}
